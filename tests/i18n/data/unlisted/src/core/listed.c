/* A fixture for check-potfiles.py, never compiled. */
const char *listed = _("Listed");
