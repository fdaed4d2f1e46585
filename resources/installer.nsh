; Included by electron-builder's NSIS installer (apps/desktop/electron-builder.config.mjs, nsis.include).
; Per-machine install: SHELL_CONTEXT is HKLM, so consultdesk://consultation/<id> links open the app for
; every account on the clinic PC, before anyone has started it once.
!macro customInstall
  WriteRegStr SHELL_CONTEXT "Software\Classes\consultdesk" "" "URL:Consultdesk consultation link"
  WriteRegStr SHELL_CONTEXT "Software\Classes\consultdesk" "URL Protocol" ""
  WriteRegStr SHELL_CONTEXT "Software\Classes\consultdesk\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\consultdesk\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  DeleteRegKey SHELL_CONTEXT "Software\Classes\consultdesk"
!macroend
