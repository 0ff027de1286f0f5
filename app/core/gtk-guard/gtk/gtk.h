/* This directory is first on the core's include path. The core is a
 * GTK-free library (GLib, GIO and json-c only), so any GTK include in
 * app/core must fail loudly rather than pick up a system header. */
#error "app/core must not include <gtk/gtk.h>: the Newsmark core is GTK-free"
