"""Refusals and failures: what a person reads when the desk cannot do what they asked
(``error.*``), when it may not (``forbidden.*``), or when the ticket is not in a state that
allows it (``conflict.*``)."""

from __future__ import annotations

ERRORS: dict[str, dict[str, str]] = {
    "error.internal": {
        "en": "Something went wrong on our side; nothing was changed. Please try again.",
        "fr": "Un problème est survenu de notre côté; rien n'a été modifié. Veuillez réessayer.",
    },
    "error.policy": {
        "en": "The policy file is wrong: {message}.",
        "fr": "Le fichier de politique est erroné : {message}.",
    },
    "error.config": {
        "en": "The configuration is wrong: {message}.",
        "fr": "La configuration est erronée : {message}.",
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
    "error.usage_line": {"en": "Usage: {usage}", "fr": "Utilisation : {usage}"},
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
    "error.bad_moment": {
        "en": "“{value}” is not a time; write 09:40 (today), 2026-12-01 09:40 (Eastern time) "
        "or 2026-12-01T09:40:00-05:00.",
        "fr": "« {value} » n'est pas une heure; écrivez 09:40 (aujourd'hui), 2026-12-01 09:40 "
        "(heure de l'Est) ou 2026-12-01T09:40:00-05:00.",
    },
    "error.received_future": {
        "en": "The request cannot have been received in the future ({when}); give the time "
        "the customer called or wrote.",
        "fr": "La demande ne peut pas avoir été reçue dans le futur ({when}); donnez l'heure "
        "de l'appel ou du courriel du client.",
    },
    "error.received_too_old": {
        "en": "That is more than {limit} of business time ago, the most a request can be "
        "back-dated; a manager can change the limit in the policy (received.max_age).",
        "fr": "C'est il y a plus de {limit} d'heures ouvrables, le plus loin qu'une demande "
        "puisse être antidatée; un gestionnaire peut changer la limite dans la politique "
        "(received.max_age).",
    },
    "error.teams_client_id": {
        "en": "“{value}” is not a Teams client id (a GUID such as "
        "00000000-0000-0000-0000-000000000000).",
        "fr": "« {value} » n'est pas un identifiant client Teams (un GUID comme "
        "00000000-0000-0000-0000-000000000000).",
    },
    "error.bad_ticket_id": {
        "en": "“{value}” is not a ticket number; write it like T-1042.",
        "fr": "« {value} » n'est pas un numéro de billet; écrivez-le comme T-1042.",
    },
    "error.too_long": {
        "en": "That message is too long (more than {limit} characters).",
        "fr": "Ce message est trop long (plus de {limit} caractères).",
    },
    "error.unknown_command": {
        "en": "I don't know the command “{word}”.",
        "fr": "Je ne connais pas la commande « {word} ».",
    },
    "error.unknown_verb": {
        "en": "I don't know “{word}” here.",
        "fr": "Je ne connais pas « {word} » ici.",
    },
    "error.unknown_ticket": {
        "en": "There is no ticket {id}.",
        "fr": "Il n'y a pas de billet {id}.",
    },
    "error.unknown_customer": {
        "en": "There is no customer “{name}”.",
        "fr": "Il n'y a pas de client « {name} ».",
    },
    "error.unknown_person": {
        "en": "{user} has no role on this desk.",
        "fr": "{user} n'a aucun rôle dans ce service.",
    },
    "error.unknown_product": {
        "en": "There is no product “{product}” in the catalog.",
        "fr": "Il n'y a pas de produit « {product} » dans le catalogue.",
    },
    "error.bad_option": {
        "en": "“{value}” is not a valid {option}.",
        "fr": "« {value} » n'est pas une valeur valide pour {option}.",
    },
    "error.bad_defect_id": {
        "en": "“{value}” is not a defect number; write it like D-3.",
        "fr": "« {value} » n'est pas un numéro de problème; écrivez-le comme D-3.",
    },
    "error.unknown_defect": {
        "en": "There is no {id} in the defect register.",
        "fr": "Il n'y a pas de {id} au registre des problèmes.",
    },
    "error.not_linked": {
        "en": "{ref} is not linked to {name}.",
        "fr": "{ref} n'est pas lié à {name}.",
    },
    "error.csv_row": {
        "en": "Row {row} of the CSV is not valid; nothing was imported.",
        "fr": "La ligne {row} du CSV n'est pas valide; rien n'a été importé.",
    },
    "forbidden.no_role": {
        "en": "Sorry, you have no role on this support desk yet; ask a manager to add you. "
        "Nothing was changed.",
        "fr": "Désolé, vous n'avez pas encore de rôle dans ce service de soutien; demandez à "
        "un gestionnaire de vous ajouter. Rien n'a été modifié.",
    },
    "forbidden.role": {
        "en": "Sorry, only these roles may do that: {roles}. Nothing was changed.",
        "fr": "Désolé, seuls ces rôles peuvent faire cela : {roles}. Rien n'a été modifié.",
    },
    "forbidden.not_owner": {
        "en": "{id} belongs to {owner}; only they or a manager can release it.",
        "fr": "{id} appartient à {owner}; seul cette personne ou un gestionnaire peut le libérer.",
    },
    "forbidden.escalation_entitlement": {
        "en": "{id} is {tier}: only customers with a support contract (P1) have access to "
        "senior staff. A manager can escalate it with “override”.",
        "fr": "{id} est {tier} : seuls les clients avec un contrat de support (P1) ont accès "
        "aux ressources senior. Un gestionnaire peut l'escalader avec « override ».",
    },
    "conflict.new": {
        "en": "{id} has not been claimed yet.",
        "fr": "{id} n'a pas encore été pris en charge.",
    },
    "conflict.claimed": {
        "en": "{id} is open and claimed by {owner}.",
        "fr": "{id} est ouvert et pris en charge par {owner}.",
    },
    "conflict.resolved": {
        "en": "{id} is already resolved.",
        "fr": "{id} est déjà résolu.",
    },
    "conflict.closed": {
        "en": "{id} is closed.",
        "fr": "{id} est fermé.",
    },
    "conflict.already_claimed": {
        "en": "{id} is already claimed by {owner}.",
        "fr": "{id} est déjà pris en charge par {owner}.",
    },
    "conflict.already_waiting": {
        "en": "{id} is already waiting on the customer.",
        "fr": "{id} est déjà en attente du client.",
    },
    "conflict.not_waiting": {
        "en": "{id} is not waiting on the customer.",
        "fr": "{id} n'est pas en attente du client.",
    },
    "conflict.wait_unanswered": {
        "en": "{id} has had no response yet: answer the customer first (“ticket respond "
        "{id} …”), then wait on them.",
        "fr": "{id} n'a pas encore eu de réponse : répondez d'abord au client (« ticket "
        "respond {id} … »), puis mettez-le en attente.",
    },
    "conflict.answered": {
        "en": "{id} already has a response.",
        "fr": "{id} a déjà une réponse.",
    },
    "conflict.already_escalated": {
        "en": "{id} is already escalated.",
        "fr": "{id} est déjà escaladé.",
    },
    "conflict.already_decided": {
        "en": "{id} already has the director's outcome: {outcome}.",
        "fr": "{id} a déjà la décision du directeur : {outcome}.",
    },
    "conflict.not_under_review": {
        "en": "{id} is not before the director yet: an outcome answers the 10-business-day review.",
        "fr": "{id} n'est pas encore devant le directeur : une décision répond à "
        "l'examen des 10 jours ouvrables.",
    },
    "conflict.no_followup": {
        "en": "{id} has no satisfaction follow-up to record yet.",
        "fr": "{id} n'a pas encore de suivi de satisfaction à consigner.",
    },
    "conflict.followup_done": {
        "en": "The follow-up of {id} is already recorded.",
        "fr": "Le suivi de {id} est déjà consigné.",
    },
    "conflict.already_fixed": {
        "en": "{id} already has its fix (version {version}).",
        "fr": "{id} a déjà son correctif (version {version}).",
    },
    "conflict.defect_fixed": {
        "en": "{id} is already fixed, in version {version}.",
        "fr": "{id} est déjà corrigé, dans la version {version}.",
    },
    "conflict.followup_waits_fix": {
        "en": "The follow-up of {id} comes once the fix of {defect} has shipped (“defect "
        "fixed {defect} <version>”).",
        "fr": "Le suivi de {id} viendra une fois le correctif de {defect} livré (« defect "
        "fixed {defect} <version> »).",
    },
    "conflict.version_exists": {
        "en": "{product} {version} is already in the catalog, released on {released}; its "
        "date stays (it sets when the version before it stops being supported). Add “force” "
        "to change it.",
        "fr": "{product} {version} est déjà au catalogue, sortie le {released}; sa date reste "
        "(elle fixe la fin du support de la version précédente). Ajoutez « force » pour la "
        "changer.",
    },
    "conflict.busy": {
        "en": "{id} is changing too often right now; please try again.",
        "fr": "{id} change trop souvent en ce moment; veuillez réessayer.",
    },
    "conflict.customer_exists": {
        "en": "The customer “{name}” already exists; use “customer update”.",
        "fr": "Le client « {name} » existe déjà; utilisez « customer update ».",
    },
}
