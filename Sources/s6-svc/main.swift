import S6Compat

// s6-svc — sends commands to an s6 supervisor; a drop-in for s6 2.11's s6-svc.
SvcTool.main()
