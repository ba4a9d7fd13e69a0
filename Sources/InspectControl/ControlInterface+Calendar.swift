extension ControlInterface {
    /// The holiday calendar: what a year's arrangement would move before it is loaded.
    static let calendarDescription = """
    # One open obligation or running deadline whose due date a calendar file would change:
    # subject obligation or deadline; the due date now and with the file; provisional: counted
    # without that year's holiday arrangement (weekends only).
    type DueDateChange (
      subject: string,
      key: string,
      entity: string,
      entity_name: string,
      rule: string,
      office: string,
      due_before: string,
      due_after: string,
      provisional_before: bool,
      provisional_after: bool
    )

    # By rule and office: due dates that move, and those that stay and stop being provisional.
    type DueDateChangeCount (rule: string, office: string, moved: int, confirmed: int)

    # What loading a calendar file (yaml: its text, at most 65536 bytes; file_name: its name in the
    # calendar directory, YYYY.yaml) would do to the open obligations and running deadlines: the
    # counts, and a page of the changes (by the due date they have now) of at most limit (default
    # 1000) after the cursor after; with more, every page in turn (counts in the first). Changes
    # nothing; the file is checked as a reload would check it.
    method PreviewCalendar(file_name: string, yaml: string, limit: ?int, after: ?string) -> (year: int, source: string, replaces: ?string, counts: []DueDateChangeCount, moved: int, confirmed: int, changes: []DueDateChange, next: ?string, remaining: ?int)
    """
}
