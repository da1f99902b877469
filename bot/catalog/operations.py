"""What operators read: health probes, backups, the admin commands and the console."""

from __future__ import annotations

OPERATIONS: dict[str, dict[str, str]] = {
    "ops.redis_down": {
        "en": "Redis does not answer ({error}).",
        "fr": "Redis ne répond pas ({error}).",
    },
    "ops.no_workers": {
        "en": "No RQ worker is listening on the {queue} queue: timers and reminders are not "
        "running.",
        "fr": "Aucun travailleur RQ n'écoute la file {queue} : les minuteries et les rappels "
        "ne s'exécutent pas.",
    },
    "ops.dispatcher_late": {
        "en": "Timers are not being dispatched: the oldest one in workspace {workspace} is "
        "{seconds} s overdue.",
        "fr": "Les minuteries ne sont pas distribuées : la plus ancienne de l'espace "
        "{workspace} est en retard de {seconds} s.",
    },
    "admin.redis_down": {
        "en": "Redis at {url} does not answer ({error}); nothing was done.",
        "fr": "Redis à {url} ne répond pas ({error}); rien n'a été fait.",
    },
    "admin.unreadable": {
        "en": "{file} cannot be read: {problem}.",
        "fr": "{file} ne peut pas être lu : {problem}.",
    },
    "admin.unwritable": {
        "en": "{file} cannot be written: {problem}.",
        "fr": "{file} ne peut pas être écrit : {problem}.",
    },
    "backup.bad_file": {
        "en": "That file is not a supportbot export ({problem}); nothing was imported.",
        "fr": "Ce fichier n'est pas une exportation de supportbot ({problem}); rien n'a été "
        "importé.",
    },
    "backup.not_empty": {
        "en": "Redis at {url} already holds supportbot data; import only restores into an "
        "empty database, so nothing was written.",
        "fr": "Redis à {url} contient déjà des données de supportbot; l'importation ne "
        "restaure que dans une base vide, donc rien n'a été écrit.",
    },
    "backup.exported": {
        "en": "Exported {tickets} tickets ({events} history lines), {customers} customers and "
        "{people} people from {workspaces} workspaces to {file} in {seconds} s.",
        "fr": "{tickets} billets ({events} lignes d'historique), {customers} clients et "
        "{people} personnes de {workspaces} espaces exportés dans {file} en {seconds} s.",
    },
    "backup.imported": {
        "en": "Imported {tickets} tickets ({events} history lines), {customers} customers and "
        "{people} people into {workspaces} workspaces in {seconds} s; their timers are "
        "planned again from the tickets.",
        "fr": "{tickets} billets ({events} lignes d'historique), {customers} clients et "
        "{people} personnes importés dans {workspaces} espaces en {seconds} s; leurs "
        "minuteries sont replanifiées à partir des billets.",
    },
    "backup.policy_differs": {
        "en": "Note: the export was made under another policy than this one; the deadlines "
        "already computed are kept, and new timers follow this deployment's policy.",
        "fr": "Note : l'exportation a été faite sous une autre politique que celle-ci; les "
        "échéances déjà calculées sont conservées et les nouvelles minuteries suivent la "
        "politique de ce déploiement.",
    },
    "shell.welcome": {
        "en": "supportbot console. You are max (manager); switch with “as ana”. People: "
        "{people}. Type “help” for commands, “clock +2h”, “clock open” or “clock "
        "2026-12-01 10:00” to move time, “quit” to leave.",
        "fr": "Console supportbot. Vous êtes max (gestionnaire); changez avec « as ana ». "
        "Personnes : {people}. Tapez « help » pour les commandes, « clock +2h », « clock "
        "open » ou « clock 2026-12-01 10:00 » pour avancer l'heure, « quit » pour sortir.",
    },
    "shell.clock": {
        "en": "(clock is {now})",
        "fr": "(il est {now})",
    },
    "shell.clock.moved": {
        "en": "(clock is now {now})",
        "fr": "(il est maintenant {now})",
    },
    "shell.clock.closed": {
        "en": "Support is closed now ({now}); it opens {opens}. Type “clock open” to go "
        "there: deadlines, reminders and escalations run on business hours.",
        "fr": "Le soutien est fermé en ce moment ({now}); il ouvre {opens}. Tapez « clock "
        "open » pour y aller : échéances, rappels et escalades suivent les heures "
        "d'ouverture.",
    },
    "shell.clock.open": {
        "en": "Support is open now ({now}) until {closes}.",
        "fr": "Le soutien est ouvert en ce moment ({now}) jusqu'à {closes}.",
    },
    "shell.clock.backwards": {
        "en": "The console's clock only moves forward: it is {now}, later than {wanted}.",
        "fr": "L'horloge de la console ne fait qu'avancer : il est {now}, plus tard que {wanted}.",
    },
    "shell.clock.start_kept": {
        "en": "(the desk's clock is already {now}, later than the start asked, {wanted}; "
        "it never runs backwards)",
        "fr": "(l'horloge du bureau est déjà à {now}, plus tard que le départ demandé, "
        "{wanted}; elle ne recule jamais)",
    },
    "shell.clock.usage": {
        "en": "Move the console's clock: “clock +2h”, “clock +1h30m”, “clock open” (the "
        "next opening), “clock 10:00” or “clock 2026-12-01 10:00” (Eastern time).",
        "fr": "Avancer l'horloge de la console : « clock +2h », « clock +1h30m », « clock "
        "open » (la prochaine ouverture), « clock 10:00 » ou « clock 2026-12-01 10:00 » "
        "(heure de l'Est).",
    },
}
