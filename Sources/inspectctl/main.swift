import InspectCLI

Inspectctl.main()
