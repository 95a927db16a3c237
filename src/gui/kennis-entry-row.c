/* kennis-entry-row.c — one entry in the list: title, a line of text, who it is for, tags
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kennis-audience-button.h"
#include "kennis-entry-row.h"
#include "kennis-format.h"
#include "kennis-share-marks.h"

/* GtkListView keeps up to 200 rows alive. As eleven labels, images and
 * boxes each, they cost the window 13 MB at 100,000 entries; one widget
 * that lays out and draws its four lines itself costs a tenth of that. */

#define SNIPPET_CHARS 120
#define MARGIN_Y      8
#define MARGIN_X      6
#define LINE_GAP      3
#define ICON_SIZE     16
#define SMALL_ICON    12
#define GAP           6
#define DIM_ALPHA     0.55f

struct _KennisEntryRow
{
  GtkWidget     parent_instance;

  KennisEntry  *entry;
  GListModel   *audiences;
  KennisShareMarks *marks;
  gulong        notify_id;
  gulong        audiences_id;

  PangoLayout  *title;
  PangoLayout  *date;
  PangoLayout  *snippet;
  PangoLayout  *audience;
  PangoLayout  *tags;
  const char   *kind_icon;
  const char   *audience_icon;
  gboolean      is_private;
  int           text_height;   /* of one line; 0 until measured */
  int           small_height;
};

G_DEFINE_FINAL_TYPE (KennisEntryRow, kennis_entry_row, GTK_TYPE_WIDGET)

static char *
describe_tags (KennisEntry *entry)
{
  const char * const *tags = kennis_entry_get_tags (entry);
  GString *text = g_string_new (NULL);

  for (guint i = 0; tags[i]; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, "#%s", tags[i]);
    }

  return g_string_free (text, FALSE);
}

static PangoLayout *
make_layout (KennisEntryRow *self,
             gboolean        bold,
             gboolean        small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoAttrList *attrs = pango_attr_list_new ();

  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (small)
    pango_attr_list_insert (attrs, pango_attr_scale_new (0.83));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

static void
update_accessible_label (KennisEntryRow *self)
{
  g_autofree char *label = NULL;

  /* TRANSLATORS: how a screen reader reads a row: title, who it is for, tags, date */
  label = g_strdup_printf (_("%s, for %s, %s, %s"),
                           pango_layout_get_text (self->title),
                           pango_layout_get_text (self->audience),
                           pango_layout_get_text (self->tags),
                           pango_layout_get_text (self->date));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* What the share mark says, for screen readers. */
static void
update_accessible_description (KennisEntryRow *self)
{
  const char *text = NULL;

  if (self->marks != NULL && self->entry != NULL)
    switch (kennis_share_marks_get_state (self->marks, self->entry))
      {
      case KENNIS_SHARE_STATE_SHARED:
        text = _("Shared");
        break;
      case KENNIS_SHARE_STATE_CHANGED:
        text = _("Changed since shared");
        break;
      case KENNIS_SHARE_STATE_PENDING:
        text = _("Sharing…");
        break;
      case KENNIS_SHARE_STATE_FAILED:
        text = _("Could Not Share");
        break;
      case KENNIS_SHARE_STATE_NOT_SHARED:
      default:
        break;
      }

  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
marks_changed_cb (KennisEntryRow *self)
{
  update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update (KennisEntryRow *self)
{
  KennisEntry *entry = self->entry;
  g_autofree char *title = NULL;
  g_autofree char *snippet = NULL;
  g_autofree char *date = NULL;
  g_autofree char *audience = NULL;
  g_autofree char *tags = NULL;
  gboolean link;

  if (entry == NULL)
    return;

  link = kennis_entry_get_kind (entry) == KENNIS_ENTRY_KIND_LINK;
  title = kennis_entry_dup_display_title (entry);
  snippet = kennis_entry_dup_snippet (entry, SNIPPET_CHARS);
  if (snippet[0] == '\0' && link)
    {
      g_free (snippet);
      snippet = g_strdup (kennis_entry_get_url (entry));
    }
  if (kennis_entry_get_updated (entry) != NULL)
    date = kennis_format_date_relative (kennis_entry_get_updated (entry), NULL);
  audience = kennis_audience_describe (self->audiences, entry, &self->audience_icon);
  tags = describe_tags (entry);

  self->kind_icon = link ? "insert-link-symbolic" : "text-x-generic-symbolic";
  self->is_private = kennis_entry_is_private (entry);
  pango_layout_set_text (self->title, title, -1);
  pango_layout_set_text (self->date, date ? date : "", -1);
  pango_layout_set_text (self->snippet, snippet, -1);
  pango_layout_set_text (self->audience, audience, -1);
  pango_layout_set_text (self->tags, tags, -1);

  update_accessible_label (self);
  update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static int
line_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

/* Heights come from a sample line, not from the rows' own text: laying out
 * the text of all 200 rows the list keeps would cost memory for glyphs
 * that are never drawn. */
static void
ensure_heights (KennisEntryRow *self)
{
  g_autoptr(PangoLayout) text = NULL;
  g_autoptr(PangoLayout) small = NULL;

  if (self->text_height > 0)
    return;

  text = make_layout (self, TRUE, FALSE);
  small = make_layout (self, FALSE, TRUE);
  pango_layout_set_text (text, "Åg", -1);
  pango_layout_set_text (small, "Åg", -1);
  self->text_height = line_height (text);
  self->small_height = line_height (small);
}

static void
kennis_entry_row_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  KennisEntryRow *self = KENNIS_ENTRY_ROW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 2 * MARGIN_X + ICON_SIZE + GAP + 80;
      *natural = *minimum + 160;
      return;
    }

  /* Every row is as tall as one with all three lines, so the list does not
   * jump when an entry gains or loses its text. */
  ensure_heights (self);
  *minimum = *natural = 2 * MARGIN_Y + 2 * LINE_GAP +
                        MAX (self->text_height, ICON_SIZE) +
                        self->text_height +
                        MAX (self->small_height, SMALL_ICON);
}

static void
snapshot_icon (GtkWidget      *widget,
               GtkSnapshot    *snapshot,
               const char     *name,
               int             size,
               float           x,
               float           y,
               const GdkRGBA  *color)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr(GtkIconPaintable) icon = NULL;
  GdkRGBA colors[4] = { *color, *color, *color, *color };

  icon = gtk_icon_theme_lookup_icon (theme, name, NULL, size, gtk_widget_get_scale_factor (widget),
                                     gtk_widget_get_direction (widget), 0);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, size, size,
                                            colors, G_N_ELEMENTS (colors));
  gtk_snapshot_restore (snapshot);
}

static void
snapshot_text (GtkSnapshot   *snapshot,
               PangoLayout   *layout,
               float          x,
               float          y,
               const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* Shared and current in the accent colour; a copy that shows an older
 * version, or a job that stopped, in the warning colour; queued work dim. */
static void
snapshot_share_mark (KennisEntryRow *self,
                     GtkSnapshot    *snapshot,
                     float           x,
                     float           y,
                     const GdkRGBA  *accent,
                     const GdkRGBA  *dim)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  const char *icon = "send-to-symbolic";
  const GdkRGBA *color = accent;
  GdkRGBA warning;

  if (self->marks == NULL)
    return;
  if (!gtk_style_context_lookup_color (style, "warning_color", &warning))
    warning = *accent;

  switch (kennis_share_marks_get_state (self->marks, self->entry))
    {
    case KENNIS_SHARE_STATE_NOT_SHARED:
      return;
    case KENNIS_SHARE_STATE_SHARED:
      break;
    case KENNIS_SHARE_STATE_CHANGED:
      icon = "document-edit-symbolic";
      color = &warning;
      break;
    case KENNIS_SHARE_STATE_PENDING:
      color = dim;
      break;
    case KENNIS_SHARE_STATE_FAILED:
      icon = "dialog-warning-symbolic";
      color = &warning;
      break;
    default:
      g_assert_not_reached ();
    }
  snapshot_icon (widget, snapshot, icon, SMALL_ICON, x, y, color);
}

static void
kennis_entry_row_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  KennisEntryRow *self = KENNIS_ENTRY_ROW (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  int width = gtk_widget_get_width (widget);
  int text_x = MARGIN_X + ICON_SIZE + GAP;
  int date_width, tags_width, title_h, y;
  GdkRGBA fg, dim, accent;

  if (self->entry == NULL)
    return;

  gtk_style_context_get_color (style, &fg);
  dim = fg;
  dim.alpha *= DIM_ALPHA;
  if (!gtk_style_context_lookup_color (style, "accent_color", &accent))
    accent = fg;

  /* First line: kind, title, and the date on the right. */
  pango_layout_get_pixel_size (self->date, &date_width, NULL);
  ensure_heights (self);
  title_h = MAX (self->text_height, ICON_SIZE);
  y = MARGIN_Y;
  snapshot_icon (widget, snapshot, self->kind_icon, ICON_SIZE, MARGIN_X,
                 y + (title_h - ICON_SIZE) / 2.f, &dim);
  pango_layout_set_width (self->title,
                          MAX (0, width - text_x - date_width - 2 * GAP - SMALL_ICON - MARGIN_X) * PANGO_SCALE);
  snapshot_text (snapshot, self->title, text_x, y + (title_h - self->text_height) / 2.f, &fg);
  snapshot_text (snapshot, self->date, width - MARGIN_X - date_width,
                 y + (title_h - self->small_height) / 2.f, &dim);
  snapshot_share_mark (self, snapshot, width - MARGIN_X - date_width - GAP - SMALL_ICON,
                       y + (title_h - SMALL_ICON) / 2.f, &accent, &dim);
  y += title_h + LINE_GAP;

  /* Second line: the start of the text. */
  pango_layout_set_width (self->snippet, MAX (0, width - text_x - MARGIN_X) * PANGO_SCALE);
  snapshot_text (snapshot, self->snippet, text_x, y, &dim);
  y += self->text_height + LINE_GAP;

  /* Third line: who it is for, and the tags on the right. */
  snapshot_icon (widget, snapshot, self->audience_icon, SMALL_ICON, text_x,
                 y + (self->small_height - SMALL_ICON) / 2.f,
                 self->is_private ? &dim : &fg);
  pango_layout_get_pixel_size (self->tags, &tags_width, NULL);
  tags_width = MIN (tags_width, (width - text_x - MARGIN_X) / 2);
  pango_layout_set_width (self->tags, tags_width * PANGO_SCALE);
  pango_layout_set_width (self->audience,
                          MAX (0, width - text_x - SMALL_ICON - GAP - tags_width - GAP - MARGIN_X) * PANGO_SCALE);
  snapshot_text (snapshot, self->audience, text_x + SMALL_ICON + GAP, y, self->is_private ? &dim : &fg);
  snapshot_text (snapshot, self->tags, width - MARGIN_X - tags_width, y, &accent);
}

static void
kennis_entry_row_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  KennisEntryRow *self = KENNIS_ENTRY_ROW (widget);

  GTK_WIDGET_CLASS (kennis_entry_row_parent_class)->css_changed (widget, change);

  /* A new font or scale changes every line's size. */
  pango_layout_context_changed (self->title);
  pango_layout_context_changed (self->date);
  pango_layout_context_changed (self->snippet);
  pango_layout_context_changed (self->audience);
  pango_layout_context_changed (self->tags);
  self->text_height = self->small_height = 0;
  gtk_widget_queue_resize (widget);
}

static void
kennis_entry_row_dispose (GObject *object)
{
  KennisEntryRow *self = (KennisEntryRow *)object;

  kennis_entry_row_bind (self, NULL, NULL);
  g_clear_object (&self->marks);

  G_OBJECT_CLASS (kennis_entry_row_parent_class)->dispose (object);
}

static void
kennis_entry_row_finalize (GObject *object)
{
  KennisEntryRow *self = (KennisEntryRow *)object;

  g_clear_object (&self->title);
  g_clear_object (&self->date);
  g_clear_object (&self->snippet);
  g_clear_object (&self->audience);
  g_clear_object (&self->tags);

  G_OBJECT_CLASS (kennis_entry_row_parent_class)->finalize (object);
}

static void
kennis_entry_row_class_init (KennisEntryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kennis_entry_row_dispose;
  object_class->finalize = kennis_entry_row_finalize;
  widget_class->measure = kennis_entry_row_measure;
  widget_class->snapshot = kennis_entry_row_snapshot;
  widget_class->css_changed = kennis_entry_row_css_changed;

  gtk_widget_class_set_css_name (widget_class, "entryrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kennis_entry_row_init (KennisEntryRow *self)
{
  self->title = make_layout (self, TRUE, FALSE);
  self->date = make_layout (self, FALSE, TRUE);
  self->snippet = make_layout (self, FALSE, FALSE);
  self->audience = make_layout (self, FALSE, TRUE);
  self->tags = make_layout (self, FALSE, TRUE);
  pango_layout_set_ellipsize (self->date, PANGO_ELLIPSIZE_NONE);
  self->kind_icon = "text-x-generic-symbolic";
  self->audience_icon = "changes-prevent-symbolic";
}

KennisEntryRow *
kennis_entry_row_new (void)
{
  return g_object_new (KENNIS_TYPE_ENTRY_ROW, NULL);
}

/**
 * kennis_entry_row_bind:
 * @audiences: (nullable): every #KennisAudience, for names
 * @entry: (nullable): the entry to show; %NULL to let go
 */
void
kennis_entry_row_bind (KennisEntryRow *self,
                       GListModel     *audiences,
                       KennisEntry    *entry)
{
  g_return_if_fail (KENNIS_IS_ENTRY_ROW (self));

  if (self->entry != NULL)
    g_clear_signal_handler (&self->notify_id, self->entry);
  if (self->audiences != NULL)
    g_clear_signal_handler (&self->audiences_id, self->audiences);
  g_set_object (&self->entry, entry);
  g_set_object (&self->audiences, audiences);
  if (audiences != NULL)
    self->audiences_id = g_signal_connect_object (audiences, "items-changed", G_CALLBACK (update), self,
                                                  G_CONNECT_SWAPPED);

  if (entry != NULL)
    {
      /* Any property change can show in the row; they are cheap to redo. */
      self->notify_id = g_signal_connect_object (entry, "notify", G_CALLBACK (update), self,
                                                 G_CONNECT_SWAPPED);
      update (self);
    }
}

/**
 * kennis_entry_row_set_marks:
 * @marks: which entries are shared; the row redraws when that changes
 */
void
kennis_entry_row_set_marks (KennisEntryRow   *self,
                            KennisShareMarks *marks)
{
  g_return_if_fail (KENNIS_IS_ENTRY_ROW (self));

  if (!g_set_object (&self->marks, marks) || marks == NULL)
    return;

  g_signal_connect_object (marks, "changed", G_CALLBACK (marks_changed_cb), self, G_CONNECT_SWAPPED);
}
