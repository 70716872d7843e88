#ifndef FLEETDECK_CNCURSESW_SHIM_H
#define FLEETDECK_CNCURSESW_SHIM_H
/* The wide-character API (cchar_t, setcchar, mvwadd_wch, wget_wch) needs this before curses.h. */
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <curses.h>
#include <wchar.h>

/* ncurses globals and macros are not importable under Swift 6 strict concurrency: wrap them. */
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline void cn_set_escdelay(int ms) { set_escdelay(ms); }
static inline int cn_key_resize(void) { return KEY_RESIZE; }

static const attr_t cn_a_normal = A_NORMAL;
static const attr_t cn_a_bold = A_BOLD;
static const attr_t cn_a_dim = A_DIM;
static const attr_t cn_a_underline = A_UNDERLINE;
static const attr_t cn_a_reverse = A_REVERSE;
static const attr_t cn_a_italic = A_ITALIC;

/* Draws one character cell with attributes and a colour pair. */
static inline int cn_put_cell(int y, int x, wchar_t ch, attr_t attrs, short pair) {
    cchar_t cell;
    wchar_t text[2] = { ch, 0 };
    if (setcchar(&cell, text, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}
#endif
