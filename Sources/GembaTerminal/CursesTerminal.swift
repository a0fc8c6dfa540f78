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

/// Draws grids on a real terminal and reads keys. The only type that touches
/// curses; it holds no logic of the console.
///
/// ncursesw sets the terminal up (modes, keypad, alternate screen, terminfo),
/// reads keys and restores everything at the end. Frames do not go through
/// ncurses' refresh: Debian's ncurses issues a `write()` at nearly every cursor
/// jump, which an SSH session forwards as dozens of packets a frame. Instead
/// each frame is diffed against the last by `FrameEncoder`, with the terminal's
/// own terminfo sequences, and sent with one `write()`; nothing at all is sent
/// when nothing changed. The screen is cleared only on the first frame, after a
/// resize and on Ctrl-L. Not thread-safe: one thread owns an instance.
public final class CursesTerminal {
    private var screen: OpaquePointer?
    private var previous: Grid?
    private var encoder: FrameEncoder
    private let outputFD: Int32
    private let inputFD: Int32
    private var closed = false
    public let theme: Theme
    /// Bytes sent by the last frame (for tests and measurements).
    public private(set) var lastFrameBytes = 0

    /// Takes over the terminal on stdin/stdout (or the given streams, for headless tests).
    ///
    /// - Parameters:
    ///   - term: the terminal type; nil reads `TERM`.
    ///   - noColor: true when `NO_COLOR` is set or colour is unwanted.
    public init(
        term: String? = nil, input: UnsafeMutablePointer<FILE>? = nil, output: UnsafeMutablePointer<FILE>? = nil, noColor: Bool = false,
        installSignalHandlers: Bool = true
    ) throws {
        setlocale(LC_ALL, "")
        if installSignalHandlers { TerminalGuard.unblockSignals() }
        let unicode = gemba_locale_is_utf8() != 0
        let inFile = input ?? gemba_stdin()
        let outFile = output ?? gemba_stdout()
        let scr: OpaquePointer? = term.map { t in t.withCString { newterm($0, outFile, inFile) } } ?? newterm(nil, outFile, inFile)
        guard let scr else {
            throw TerminalError(
                message:
                    "cannot use terminal type \"\(term ?? String(cString: getenv("TERM") ?? strdup("")))\": set TERM to one your system knows (e.g. xterm-256color)"
            )
        }
        screen = scr
        set_term(scr)
        if installSignalHandlers {
            // On a crash: restore the tty modes, leave the alternate screen, show the cursor.
            // Default tab stops every 8 columns (we move our own), then the usual.
            var tabs = ""
            let hts = withoutPadding(String(cString: gemba_tigetstr("hts")))
            let tbc = withoutPadding(String(cString: gemba_tigetstr("tbc")))
            if !hts.isEmpty && !tbc.isEmpty {
                tabs = "\r" + tbc
                for _ in stride(from: 8, to: 400, by: 8) { tabs += "        " + hts }
                tabs += "\r"
            }
            let restore =
                tabs
                + withoutPadding(
                    String(cString: gemba_tigetstr("rmcup")) + String(cString: gemba_tigetstr("sgr0"))
                        + String(cString: gemba_tigetstr("cnorm")))
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
        theme = Theme(unicode: unicode, color: color)
        outputFD = fileno(outFile)
        inputFD = fileno(inFile)
        encoder = FrameEncoder(capabilities: Self.capabilities(color: color))
        // Let ncurses clear the screen once now; it has nothing to repaint after this.
        wrefresh(gemba_stdscr())
    }

    /// The terminal's own sequences from its terminfo entry.
    static func capabilities(color: Bool) -> TerminalCapabilities {
        // Sequences go to the terminal as they are (not through tputs), so the delays some
        // entries ask for (`$<5>` in vt100's) are taken out: today's terminals need none, and
        // written out they are garbage on the screen.
        func str(_ name: String) -> String { withoutPadding(String(cString: gemba_tigetstr(name))) }
        func param1(_ cap: String, _ a: Int32) -> String { withoutPadding(String(cString: gemba_tiparm1(cap, a))) }
        let cup = str("cup")
        let setaf = str("setaf")
        let setab = str("setab")
        let cuf = str("cuf")
        // ECMA-48 terminals (xterm and its kin): whole styles fit in one SGR sequence.
        let sgr0: String = str("sgr0")
        let resetIsANSI: Bool = sgr0.hasPrefix("\u{1B}[m") || sgr0.hasPrefix("\u{1B}[0m")
        let attributesAreANSI: Bool = str("bold") == "\u{1B}[1m" && str("rev") == "\u{1B}[7m"
        let red: String = param1(setaf, 1)
        let ansi: Bool = resetIsANSI && attributesAreANSI && (!color || red == "\u{1B}[31m")
        let moveRight: @Sendable (Int) -> String = { n in withoutPadding(String(cString: gemba_tiparm1(cuf, Int32(n)))) }
        return TerminalCapabilities(
            moveTo: { y, x in withoutPadding(String(cString: gemba_tiparm2(cup, Int32(y), Int32(x)))) },
            clearScreen: str("clear"), resetAttributes: str("sgr0"), bold: str("bold"), reverse: str("rev"),
            dim: str("dim"), underline: str("smul"),
            foreground: { c in withoutPadding(String(cString: gemba_tiparm1(setaf, Int32(c)))) },
            background: { c in withoutPadding(String(cString: gemba_tiparm1(setab, Int32(c)))) },
            colors: color && !setaf.isEmpty && !setab.isEmpty,
            moveRight: cuf.isEmpty ? nil : moveRight,
            combinedSGR: ansi,
            tab: str("ht").isEmpty ? nil : str("ht"), setTabStop: str("hts").isEmpty ? nil : str("hts"),
            clearTabStops: str("tbc").isEmpty ? nil : str("tbc"),
            showCursor: str("cnorm").isEmpty ? nil : str("cnorm"), hideCursor: str("civis").isEmpty ? nil : str("civis"))
    }

    deinit { close() }

    /// Gives the terminal back: cursor, echo, colours and the normal screen.
    public func close() {
        guard !closed else { return }
        closed = true
        // Give the shell its tab stops back before leaving.
        let restore = encoder.restoreDefaultTabStops(width: size.width)
        if !restore.isEmpty { restore.withUnsafeBytes { _ = write(outputFD, $0.baseAddress, $0.count) } }
        curs_set(1)
        endwin()
        if let s = screen { delscreen(s) }
        screen = nil
    }

    /// True after Ctrl-C, SIGTERM or SIGHUP.
    public var stopRequested: Bool { TerminalGuard.stopRequested }

    /// True when the terminal has gone (its SSH session or tmux pane closed) without a SIGHUP
    /// reaching us: the tty hangs up, and every read would fail at once, a loop at full speed.
    public var hungUp: Bool {
        var fds = [pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, 1, 0) >= 0 else { return false }
        return fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    public var size: (width: Int, height: Int) {
        var y: Int32 = 0
        var x: Int32 = 0
        gemba_getmaxyx(gemba_stdscr(), &y, &x)
        return (Int(x), Int(y))
    }

    /// Follows the kernel's idea of the terminal size when it differs from ncurses'
    /// (a resize signalled before ncurses was listening, as a pane sized just after
    /// the program started): true when the size changed and the screen must be redrawn.
    public func followKernelSize() -> Bool {
        var rows: Int32 = 0
        var cols: Int32 = 0
        guard gemba_winsize(outputFD, &rows, &cols) == 0 else { return false }
        let current = size
        guard Int(rows) != current.height || Int(cols) != current.width else { return false }
        resizeterm(rows, cols)
        invalidate()
        return true
    }

    /// Forgets what is on the screen, so that the next frame repaints every cell (Ctrl-L).
    /// Rings the terminal bell (BEL): one byte, whatever the frame.
    public func bell() {
        var bel: UInt8 = 7
        _ = write(outputFD, &bel, 1)
    }

    public func invalidate() {
        previous = nil
        encoder.reset()
    }

    /// Shows a frame: sends only what differs from the last frame, in one write.
    /// Returns the number of bytes sent.
    @discardableResult
    public func draw(_ grid: Grid) -> Int {
        let bytes = encoder.encode(from: previous, to: grid)
        previous = grid
        lastFrameBytes = bytes.count
        guard !bytes.isEmpty else { return 0 }
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var off = 0
            while off < raw.count {
                let n = write(outputFD, base + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return
                }
                off += n
            }
        }
        return bytes.count
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
            case gemba_key_dc(): return .delete
            case gemba_key_npage(): return .pageDown
            case gemba_key_ppage(): return .pageUp
            case gemba_key_resize():
                // ncurses has resized its screen and would repaint it blank on the
                // next read, over our frame: let it do so now, then redraw all.
                wrefresh(gemba_stdscr())
                invalidate()
                return .resize
            default: return nil
            }
        }
        switch v {
        case 10, 13: return .enter
        case 27: return escapeSequence()
        case 9: return .tab
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(v) + 96)))
        default:
            guard let scalar = Unicode.Scalar(UInt32(bitPattern: v)) else { return nil }
            return .char(Character(scalar))
        }
    }
}

extension CursesTerminal {
    /// After an ESC: the Esc key alone when nothing follows at once; else a sequence the
    /// terminal's terminfo entry does not name (Home on a vt100, Shift-← on linux, Alt-b),
    /// read whole: the common ones are taken for their keys, the others dropped. Never an Esc
    /// followed by letters, which would close a prompt and run the rest as screen keys.
    func escapeSequence() -> Key? {
        func next() -> Int32? {
            wtimeout(gemba_stdscr(), 0)
            var ch: wint_t = 0
            let rc = wget_wch(gemba_stdscr(), &ch)
            return rc == gemba_err() || rc == gemba_key_code_yes() ? nil : Int32(bitPattern: ch)
        }
        guard let first = next() else { return .escape }
        guard first == 91 || first == 79 else { return nil }  // `[` (CSI) or `O` (SS3); else Alt-x
        var body = ""
        while let c = next() {
            guard let scalar = Unicode.Scalar(UInt32(bitPattern: c)) else { return nil }
            body.append(Character(scalar))
            // A CSI sequence ends with a byte from @ to ~; an SS3 one after one character.
            if first == 79 || (0x40...0x7E).contains(c) { break }
            if body.count > 16 { return nil }
        }
        switch body {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H", "1~", "7~": return .home
        case "F", "4~", "8~": return .end
        case "3~": return .delete
        case "5~": return .pageUp
        case "6~": return .pageDown
        case "Z": return .backTab
        default: return nil
        }
    }
}

/// A terminfo string without its padding specifications (`$<5>`, `$<2*>`, `$<100/>`): the
/// delays that tputs would turn into waits or pad characters.
func withoutPadding(_ s: String) -> String {
    guard s.contains("$<") else { return s }
    let chars = Array(s)
    var out = ""
    var i = 0
    while i < chars.count {
        if chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "<" {
            var j = i + 2
            while j < chars.count, chars[j].isNumber || chars[j] == "." || chars[j] == "*" || chars[j] == "/" { j += 1 }
            if j < chars.count, chars[j] == ">" {
                i = j + 1
                continue
            }
        }
        out.append(chars[i])
        i += 1
    }
    return out
}
