import S6Compat

// s6-svwait — waits until s6-supervised services are up, ready or down; a drop-in for s6 2.11's s6-svwait.
SvwaitTool.main()
