import Foundation
import GembaCore

/// Drawing the whole screen: the header, the current screen's view, the footer with any
/// notice, and whatever lies over them (a prompt, the help, the reason picker).
extension ConsoleApp {
    /// Draws the whole screen for `now` into a grid of the grid's size.
    public func render(into grid: inout Grid, now: Timestamp) {
        grid.fill(grid.bounds)
        if grid.width < Self.minimumSize.width || grid.height < Self.minimumSize.height {
            let lines = [
                "Gemba needs at least", "\(Self.minimumSize.width)x\(Self.minimumSize.height);", "this is \(grid.width)x\(grid.height).", "q quits",
            ]
            for (i, l) in lines.enumerated() where i < grid.height {
                grid.put(l, x: 0, y: i, style: i == 0 ? theme.warning : .plain, maxWidth: grid.width)
            }
            return
        }
        HeaderView.render(model, now: now, theme: theme, into: &grid, in: Rect(x: 0, y: 0, width: grid.width, height: 1))
        let body = Rect(x: 0, y: 1, width: grid.width, height: grid.height - 2)
        switch model.screen {
        case .floor:
            FloorView.render(model, now: now, theme: theme, into: &grid, in: body)
        case .detail(let id):
            DetailView.render(model, id: id, now: now, theme: theme, into: &grid, in: body.dropTop(1))
        case .chart:
            ValueChartView.render(model, theme: theme, into: &grid, in: body)
        case .spc:
            SPCView.render(model, theme: theme, into: &grid, in: body)
        case .maintenance:
            MaintenanceView.render(model, theme: theme, into: &grid, in: body)
        case .handover: HandoverView.render(model, theme: theme, into: &grid, in: body)
        case .oee:
            OEEView.render(model, theme: theme, into: &grid, in: body)
        case .alarms:
            AlarmsView.render(model, now: now, theme: theme, into: &grid, in: body)
        case .alarmDetail(let id):
            AlarmDetailView.render(model, id: id, now: now, theme: theme, into: &grid, in: body)
        case .audit:
            AuditView.render(model, now: now, theme: theme, into: &grid, in: body)
        case .queues:
            QueuesView.render(model, now: now, theme: theme, into: &grid, in: body)
        case .schedule:
            GanttView.render(model, now: now, theme: theme, into: &grid, in: body)
        case .orders:
            OrdersView.render(model, now: now, theme: theme, into: &grid, in: body)
        case .holds:
            HoldsView.render(model, now: now, theme: theme, into: &grid, in: body)
        case .trace:
            TraceView.render(model, theme: theme, into: &grid, in: body)
        case .status:
            StatusView.render(model, now: now, theme: theme, into: &grid, in: body.dropTop(1))
        }
        // A notice (an error, a hint) is read whole: it wraps onto the lines above the footer's,
        // and an open prompt moves up above it.
        let noticeLines = model.notice.map { Array(Format.wrap($0, grid.width - 2).prefix(3)) } ?? []
        let footerHeight = max(1, noticeLines.count)
        let footer = Rect(x: 0, y: grid.height - footerHeight, width: grid.width, height: footerHeight)
        FooterView.render(model.screen, notice: noticeLines, theme: theme, into: &grid, in: footer, allowed: { model.may($0) })
        if let p = model.prompt { PromptView.render(p, theme: theme, into: &grid, in: Rect(x: 0, y: footer.y - 1, width: grid.width, height: 1)) }
        if model.showHelp { HelpOverlay.render(model.screen, scroll: model.helpScroll, demo: model.demo, theme: theme, into: &grid, in: body) }
        if let p = model.picker { ReasonPickerView.render(p, theme: theme, into: &grid, in: body) }
        if !theme.unicode { grid.transliterateToASCII() }
    }
}
