/* A fixture for check-potfiles.py, never compiled: it is not listed. */
const char *unlisted = N_("Not listed");
