import S6Compat

// s6-svstat — prints the status of an s6-supervised service; a drop-in for s6 2.11's s6-svstat.
SvstatTool.main()
