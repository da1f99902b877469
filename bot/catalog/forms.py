"""The new-ticket form and the ask-first dialogs, as both doors draw them (Slack's modal,
Teams' dialog)."""

from __future__ import annotations

FORMS: dict[str, dict[str, str]] = {
    "dialog.via": {"en": "How you reached the customer", "fr": "Comment vous avez joint le client"},
    "dialog.note": {"en": "Note", "fr": "Note"},
    "dialog.reason": {"en": "Reason", "fr": "Raison"},
    "dialog.send": {"en": "Send", "fr": "Envoyer"},
    "dialog.cancel": {"en": "Cancel", "fr": "Annuler"},
    "form.title": {"en": "New ticket", "fr": "Nouveau billet"},
    "form.submit": {"en": "Create", "fr": "Créer"},
    "form.cancel": {"en": "Cancel", "fr": "Annuler"},
    "form.customer": {"en": "Customer", "fr": "Client"},
    "form.customer_search": {
        "en": "Type a few letters of the name",
        "fr": "Tapez quelques lettres du nom",
    },
    "form.customer_other": {
        "en": "Or a customer not in the list",
        "fr": "Ou un client absent de la liste",
    },
    "form.customer_missing": {
        "en": "Pick a customer or type a name.",
        "fr": "Choisissez un client ou tapez un nom.",
    },
    "form.channel": {"en": "Received by", "fr": "Reçu par"},
    "form.product": {"en": "Product", "fr": "Produit"},
    "form.version": {"en": "Version", "fr": "Version"},
    "form.version_missing": {
        "en": "Give the version of the product.",
        "fr": "Indiquez la version du produit.",
    },
    "form.language": {"en": "Customer's language", "fr": "Langue du client"},
    "form.summary": {"en": "Summary", "fr": "Résumé"},
    "form.received": {
        "en": "Received at (when they called or wrote; empty: now)",
        "fr": "Reçu à (quand le client a appelé ou écrit; vide : maintenant)",
    },
}
