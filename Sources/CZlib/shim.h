#ifndef FLEETDECK_CZLIB_SHIM_H
#define FLEETDECK_CZLIB_SHIM_H
/* zlib's one-shot compress2/uncompress, for the chunks of a binary snapshot. */
#include <zlib.h>
#endif
