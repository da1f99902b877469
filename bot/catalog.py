"""The message catalog: key → {"en": …, "fr": …}. Keep both languages side by side."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    # -- errors ---------------------------------------------------------------------------
    "error.internal": {
        "en": "Something went wrong on our side; nothing was changed. Please try again.",
        "fr": "Un problème est survenu de notre côté; rien n'a été modifié. Veuillez réessayer.",
    },
    "error.policy": {
        "en": "The policy file is wrong: {message}.",
        "fr": "Le fichier de politique est erroné : {message}.",
    },
    "error.unknown_tier": {
        "en": "Unknown tier “{tier}”: use P1, P2 or P3.",
        "fr": "Niveau « {tier} » inconnu : utilisez P1, P2 ou P3.",
    },
    "error.naive_time": {
        "en": "The time “{value}” has no UTC offset; write it like 2026-11-26T16:30:00-05:00.",
        "fr": "L'heure « {value} » n'a pas de décalage UTC; écrivez-la comme "
        "2026-11-26T16:30:00-05:00.",
    },
    "error.bad_time": {
        "en": "“{value}” is not a date and time; write it like 2026-11-26T16:30:00-05:00.",
        "fr": "« {value} » n'est pas une date et heure; écrivez-la comme "
        "2026-11-26T16:30:00-05:00.",
    },
    "error.bad_date": {
        "en": "“{value}” is not a date; write it like 2026-06-20.",
        "fr": "« {value} » n'est pas une date; écrivez-la comme 2026-06-20.",
    },
    "error.unknown_version": {
        "en": "{product} version {version} is not in the product catalog.",
        "fr": "La version {version} de {product} n'est pas dans le catalogue des produits.",
    },
    "error.catalog": {
        "en": "The product catalog {path} cannot be read: {problem}.",
        "fr": "Le catalogue des produits {path} ne peut pas être lu : {problem}.",
    },
    "error.usage": {
        "en": "I did not understand that. Usage: {usage}",
        "fr": "Je n'ai pas compris. Utilisation : {usage}",
    },
    "error.unavailable": {
        "en": "The desk is temporarily unavailable; nothing was recorded. Please try again "
        "in a moment.",
        "fr": "Le service est temporairement indisponible; rien n'a été enregistré. "
        "Veuillez réessayer dans un instant.",
    },
    # -- calendar -------------------------------------------------------------------------
    "calendar.open": {"en": "open {opens}–{closes}", "fr": "ouvert {opens}–{closes}"},
    "calendar.weekend": {"en": "closed (weekend)", "fr": "fermé (fin de semaine)"},
    "calendar.holiday": {"en": "closed: {name}", "fr": "fermé : {name}"},
    "calendar.closure": {
        "en": "closed: closure date set by the policy",
        "fr": "fermé : fermeture prévue par la politique",
    },
    # -- versions -------------------------------------------------------------------------
    "version.current": {
        "en": "{product} {version} is the current version.",
        "fr": "{product} {version} est la version courante.",
    },
    "version.supported": {
        "en": "{product} {version} is supported until {until} (version {successor} was "
        "released on {withdrawn}).",
        "fr": "{product} {version} est supportée jusqu'au {until} (la version {successor} "
        "est sortie le {withdrawn}).",
    },
    "version.discontinued": {
        "en": "{product} {version} has been discontinued since {since}: fixes are at "
        "Techtra's discretion; consider upgrading to {successor} or contacting "
        "Techtra's professional services.",
        "fr": "{product} {version} est discontinuée depuis le {since} : les correctifs sont "
        "à la discrétion de Techtra; envisagez la mise à niveau vers {successor} ou "
        "contactez les services professionnels de Techtra.",
    },
    "version.upcoming": {
        "en": "{product} {version} is not released yet (planned for {released}).",
        "fr": "{product} {version} n'est pas encore sortie (prévue le {released}).",
    },
}
