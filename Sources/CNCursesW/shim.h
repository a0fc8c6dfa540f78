/* A thin shim over ncursesw: the wide-character API with the macros and
   globals that Swift cannot see turned into functions. No logic lives here. */
#ifndef GEMBA_CNCURSESW_SHIM_H
#define GEMBA_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdio.h>
#include <string.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <sys/ioctl.h>

static inline WINDOW *gemba_stdscr(void) { return stdscr; }
static inline FILE *gemba_stdin(void) { return stdin; }
static inline FILE *gemba_stdout(void) { return stdout; }
static inline int gemba_locale_is_utf8(void) { const char *c = nl_langinfo(CODESET); return c && strcmp(c, "UTF-8") == 0; }
static inline attr_t gemba_a_bold(void) { return A_BOLD; }
static inline attr_t gemba_a_reverse(void) { return A_REVERSE; }
static inline attr_t gemba_a_underline(void) { return A_UNDERLINE; }
static inline attr_t gemba_a_dim(void) { return A_DIM; }
static inline attr_t gemba_a_normal(void) { return A_NORMAL; }
static inline int gemba_colors(void) { return COLORS; }
static inline int gemba_color_pairs(void) { return COLOR_PAIRS; }
static inline void gemba_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }
static inline int gemba_key_resize(void) { return KEY_RESIZE; }
static inline int gemba_key_up(void) { return KEY_UP; }
static inline int gemba_key_down(void) { return KEY_DOWN; }
static inline int gemba_key_left(void) { return KEY_LEFT; }
static inline int gemba_key_right(void) { return KEY_RIGHT; }
static inline int gemba_key_enter(void) { return KEY_ENTER; }
static inline int gemba_key_backspace(void) { return KEY_BACKSPACE; }
static inline int gemba_key_btab(void) { return KEY_BTAB; }
static inline int gemba_key_home(void) { return KEY_HOME; }
static inline int gemba_key_end(void) { return KEY_END; }
static inline int gemba_key_dc(void) { return KEY_DC; }
static inline int gemba_key_npage(void) { return KEY_NPAGE; }
static inline int gemba_key_ppage(void) { return KEY_PPAGE; }
static inline int gemba_key_code_yes(void) { return KEY_CODE_YES; }
static inline int gemba_err(void) { return ERR; }

/* Put one cell: a wide character with attributes and a colour pair. */
static inline int gemba_put_cell(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) == ERR) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

/* Read back one cell (for headless tests of the backend). */
static inline int gemba_get_cell(int y, int x, wchar_t *out, int max) {
    cchar_t cell;
    attr_t attrs; short pair;
    if (mvwin_wch(stdscr, y, x, &cell) == ERR) return ERR;
    if (max < CCHARW_MAX + 1) return ERR;
    return getcchar(&cell, out, &attrs, &pair, NULL);
}

/* tiparm is variadic, which Swift cannot call: one and two parameters. */
static inline const char *gemba_tiparm1(const char *cap, int a) {
    char *s = tiparm(cap, a);
    return s ? s : "";
}
static inline const char *gemba_tiparm2(const char *cap, int a, int b) {
    char *s = tiparm(cap, a, b);
    return s ? s : "";
}
static inline int gemba_tigetnum(const char *cap) { return tigetnum(cap); }
static inline const char *gemba_tigetstr(const char *cap) {
    char *s = tigetstr(cap);
    return (s == NULL || s == (char *)-1) ? "" : s;
}
/* The terminal's size as the kernel has it (ioctl is variadic: not callable from Swift). */
static inline int gemba_winsize(int fd, int *rows, int *cols) {
    struct winsize w;
    if (ioctl(fd, TIOCGWINSZ, &w) != 0 || w.ws_row == 0 || w.ws_col == 0) return -1;
    *rows = w.ws_row;
    *cols = w.ws_col;
    return 0;
}
#endif
