extension ControlInterface {
    /// Previewing notices.
    static let simulateDescription = """
    # Every notice the current facts and rules would produce from `from` to `to` (the daily runs
    # at the notice hour on working days, urgent deadlines on every day), without sending
    # anything. Notices already sent are not repeated. Grade escalations are not simulated.
    method Simulate(from: string, to: string) -> (notices: []Notice)
    """
}
