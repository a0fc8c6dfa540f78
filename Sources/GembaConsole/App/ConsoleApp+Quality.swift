import GembaCore

/// The prompts of the quality and maintenance screens: a measured subgroup of the selected
/// characteristic (`m` on the SPC screen), and the comment of the selected plan done (`d` on
/// the Maintenance screen).
extension ConsoleApp {
    /// Opens the measurement prompt, or says why there is nothing to measure.
    mutating func askMeasurement() {
        let list = model.plant?.characteristics ?? []
        guard let c = list[safe: model.spcScreen.list.selected] else {
            model.notice = "no characteristic: spc: in the plant file lists them"
            return
        }
        guard c.value == nil else {
            model.notice = "\(c.id) samples \(c.machine ?? "")'s \(c.value ?? "") as it comes; nothing is entered for it"
            return
        }
        let n = c.subgroup.map { "\($0) readings" } ?? "readings"
        model.prompt = TextPrompt(.measure(characteristic: c.id), label: "Measure \(c.id) (\(n), e.g. 10.02,10.01):")
    }

    /// Opens the prompt for the selected plan's comment, or says there is no plan.
    mutating func askMaintenanceDone() {
        guard let p = model.maintenanceScreen.board?.plans[safe: model.maintenanceScreen.list.selected] else {
            model.notice = "no maintenance plan: maintenance: under a machine in the plant file lists them"
            return
        }
        model.prompt = TextPrompt(
            .maintenanceDone(machine: p.machine, plan: p.plan), label: "Done: \(p.machine) \(p.plan) (\(p.usage)); comment:")
    }
}
