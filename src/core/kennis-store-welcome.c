/* kennis-store-welcome.c — the entries a new notebook starts with
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kennis-audience.h"
#include "kennis-store-private.h"

static const KennisWelcomeEntry welcome[] = {
  {
    KENNIS_ENTRY_KIND_NOTE,
    N_("Welcome to Kennis"),
    N_("Kennis is your own notebook for work: notes, links and what you learn along the way.\n"
       "\n"
       "**Write for yourself first.** Everything you write is private until you decide otherwise. "
       "There is no Save button: Kennis keeps every word as you type.\n"
       "\n"
       "- Press **Ctrl+N** for a new note, **Ctrl+L** to keep a link.\n"
       "- Press **Ctrl+F** to find anything you wrote.\n"
       "- Press **Ctrl+?** to see every shortcut.\n"),
    NULL,
    N_("kennis, getting started"),
    NULL,
  },
  {
    KENNIS_ENTRY_KIND_NOTE,
    N_("Say who it is for"),
    N_("Every entry says who it is for. New entries are for **Only me**.\n"
       "\n"
       "When something you wrote could help others, pick an audience with the button above "
       "the editor: *My team*, *My organisation*, *Public*, or an audience you name yourself "
       "in Preferences. Thinking about your reader makes a note better.\n"
       "\n"
       "This note is for your team, to show what that looks like."),
    NULL,
    N_("kennis, sharing"),
    KENNIS_AUDIENCE_TEAM,
  },
  {
    KENNIS_ENTRY_KIND_NOTE,
    N_("Share when you choose"),
    N_("Sharing is always your deliberate choice, never an accident. Entries for an audience "
       "can go to a company blog, a team site or a feed that colleagues follow; private "
       "entries never leave this computer.\n"
       "\n"
       "Knowledge flows both ways: read what others share, answer questions, and look back "
       "at what you shared and what came of it."),
    NULL,
    N_("kennis, sharing"),
    NULL,
  },
  {
    KENNIS_ENTRY_KIND_LINK,
    N_("Markdown in one page"),
    N_("Notes are written in Markdown: `*italic*`, `**bold**`, `# Heading`, `- list item` "
       "and `[a link](https://example.org)`. This link is a good reference to keep."),
    "https://commonmark.org/help/",
    N_("writing"),
    NULL,
  },
};

const KennisWelcomeEntry *
_kennis_store_welcome_entries (guint *n_entries)
{
  *n_entries = G_N_ELEMENTS (welcome);
  return welcome;
}

/* The welcome entries are written in the language Kennis runs in; the
 * translation of this string says which one that is. */
const char *
_kennis_store_welcome_language (void)
{
  /* TRANSLATORS: the BCP 47 code of your language, e.g. "nl" */
  return C_("language code", "en");
}
