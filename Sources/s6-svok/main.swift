import S6Compat

// s6-svok — exits 0 when an s6 supervisor runs on the service directory; a drop-in for s6 2.11's s6-svok.
SvokTool.main()
