import CNCursesW
import GembaConsole

#if canImport(Glibc)
import Glibc
#endif

/// Why the terminal could not be set up.
public struct TerminalError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Draws grids on a real terminal through ncursesw and reads keys. The only type
/// that touches curses; it holds no logic of the console.
///
/// Each frame is diffed against the last one: only changed cells go to ncurses,
/// in row order, then one `doupdate()`, and nothing at all when nothing changed.
/// The screen is never cleared except on request (Ctrl-L). Not thread-safe:
/// ncurses is not, so one thread owns an instance.
public final class CursesTerminal {
    private var screen: OpaquePointer?
    private var previous: Grid?
    private var pairs: [UInt16: Int16] = [:]
    private var nextPair: Int16 = 1
    private var closed = false
    public let theme: Theme
    private let hasColor: Bool

    /// Takes over the terminal on stdin/stdout (or the given streams, for headless tests).
    ///
    /// - Parameters:
    ///   - term: the terminal type; nil reads `TERM`.
    ///   - noColor: true when `NO_COLOR` is set or colour is unwanted.
    public init(term: String? = nil, input: UnsafeMutablePointer<FILE>? = nil, output: UnsafeMutablePointer<FILE>? = nil, noColor: Bool = false, installSignalHandlers: Bool = true) throws {
        setlocale(LC_ALL, "")
        let unicode = gemba_locale_is_utf8() != 0
        let inFile = input ?? gemba_stdin()
        let outFile = output ?? gemba_stdout()
        let scr: OpaquePointer? = term.map { t in t.withCString { newterm($0, outFile, inFile) } } ?? newterm(nil, outFile, inFile)
        guard let scr else {
            throw TerminalError(message: "cannot use terminal type \"\(term ?? String(cString: getenv("TERM") ?? strdup("")))\": set TERM to one your system knows (e.g. xterm-256color)")
        }
        screen = scr
        set_term(scr)
        if installSignalHandlers {
            // On a crash: restore the tty modes, leave the alternate screen, show the cursor.
            let restore = String(cString: gemba_tigetstr("rmcup")) + String(cString: gemba_tigetstr("sgr0"))
                + String(cString: gemba_tigetstr("cnorm"))
            TerminalGuard.install(restoreSequence: restore)
        }
        cbreak()
        noecho()
        nonl()
        keypad(gemba_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        leaveok(gemba_stdscr(), true)
        var color = false
        if has_colors() && !noColor {
            start_color()
            use_default_colors()
            color = true
        }
        hasColor = color
        theme = Theme(unicode: unicode, color: color)
    }

    deinit { close() }

    /// Gives the terminal back: cursor, echo, colours and the normal screen.
    public func close() {
        guard !closed else { return }
        closed = true
        curs_set(1)
        endwin()
        if let s = screen { delscreen(s) }
        screen = nil
    }

    /// True after Ctrl-C, SIGTERM or SIGHUP.
    public var stopRequested: Bool { TerminalGuard.stopRequested }

    public var size: (width: Int, height: Int) {
        var y: Int32 = 0
        var x: Int32 = 0
        gemba_getmaxyx(gemba_stdscr(), &y, &x)
        return (Int(x), Int(y))
    }

    /// Forgets what is on the screen, so that the next frame repaints every cell (Ctrl-L).
    public func invalidate() {
        previous = nil
        clearok(gemba_stdscr(), true)
    }

    /// Shows a frame: sends ncurses only the cells that differ from the last frame.
    /// Returns the number of cells sent.
    @discardableResult
    public func draw(_ grid: Grid) -> Int {
        let full = previous == nil || previous?.width != grid.width || previous?.height != grid.height
        var sent = 0
        var text = [wchar_t](repeating: 0, count: 8)
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if !full, let p = previous, p[x, y] == cell { continue }
                if cell.isContinuation { continue }
                // The last cell of the screen: writing it would scroll on some terminals.
                var k = 0
                for scalar in cell.text.unicodeScalars where k < 6 {
                    text[k] = wchar_t(bitPattern: scalar.value)
                    k += 1
                }
                text[k] = 0
                _ = gemba_put_cell(Int32(y), Int32(x), text, attributes(cell.style), pair(for: cell.style))
                sent += 1
            }
        }
        previous = grid
        if sent > 0 || full {
            wnoutrefresh(gemba_stdscr())
            doupdate()
        }
        return sent
    }

    /// Waits up to `timeoutMs` for a key.
    public func readKey(timeoutMs: Int32) -> Key? {
        wtimeout(gemba_stdscr(), timeoutMs)
        var ch: wint_t = 0
        let rc = wget_wch(gemba_stdscr(), &ch)
        if rc == gemba_err() { return nil }
        let v = Int32(bitPattern: ch)
        if rc == gemba_key_code_yes() {
            switch v {
            case gemba_key_up(): return .up
            case gemba_key_down(): return .down
            case gemba_key_left(): return .left
            case gemba_key_right(): return .right
            case gemba_key_enter(): return .enter
            case gemba_key_backspace(): return .backspace
            case gemba_key_btab(): return .backTab
            case gemba_key_home(): return .home
            case gemba_key_end(): return .end
            case gemba_key_npage(): return .pageDown
            case gemba_key_ppage(): return .pageUp
            case gemba_key_resize():
                previous = nil
                return .resize
            default: return nil
            }
        }
        switch v {
        case 10, 13: return .enter
        case 27: return .escape
        case 9: return .tab
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(v) + 96)))
        default:
            guard let scalar = Unicode.Scalar(UInt32(bitPattern: v)) else { return nil }
            return .char(Character(scalar))
        }
    }

    /// Reads back one cell's text from ncurses' screen (for headless tests of this backend).
    public func cellText(x: Int, y: Int) -> String {
        var out = [wchar_t](repeating: 0, count: 16)
        guard gemba_get_cell(Int32(y), Int32(x), &out, 16) != gemba_err() else { return "" }
        var s = ""
        for w in out where w != 0 {
            if let u = Unicode.Scalar(UInt32(bitPattern: w)) { s.unicodeScalars.append(u) }
        }
        return s
    }

    private func attributes(_ s: Style) -> attr_t {
        var a = gemba_a_normal()
        if s.bold { a |= gemba_a_bold() }
        if s.reverse { a |= gemba_a_reverse() }
        if s.dim { a |= gemba_a_dim() }
        if s.underline { a |= gemba_a_underline() }
        return a
    }

    private func pair(for s: Style) -> Int16 {
        guard hasColor, s.fg != .default || s.bg != .default else { return 0 }
        let key = UInt16(s.fg.rawValue) << 8 | UInt16(s.bg.rawValue)
        if let p = pairs[key] { return p }
        guard Int32(nextPair) < gemba_color_pairs() else { return 0 }
        let p = nextPair
        nextPair += 1
        init_pair(p, Self.curses(s.fg), Self.curses(s.bg))
        pairs[key] = p
        return p
    }

    private static func curses(_ c: TermColor) -> Int16 {
        switch c {
        case .default: return -1
        case .black: return 0
        case .red: return 1
        case .green: return 2
        case .yellow: return 3
        case .blue: return 4
        case .magenta: return 5
        case .cyan: return 6
        case .white: return 7
        }
    }
}
