; Inno Setup script: a per-user installer for the one-folder build in dist\Claimdesk.
; Build: iscc /DAppVersion=0.1.0 packaging\windows\claimdesk.iss  (run from the repository root;
; packaging\build_windows.ps1 does both steps). Produces dist\Claimdesk-Setup-<version>.exe.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{8E6C1D0B-3F7A-4C55-9B1E-2D4F6A8C0E13}
AppName=Claimdesk
AppVersion={#AppVersion}
AppPublisher=Claimdesk
DefaultDirName={autopf}\Claimdesk
DefaultGroupName=Claimdesk
; Per-user: no administrator rights, installs under %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=Claimdesk-Setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\claimdesk.ico
UninstallDisplayIcon={app}\claimdesk.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "..\..\dist\Claimdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Claimdesk"; Filename: "{app}\claimdesk.exe"
Name: "{group}\Uninstall Claimdesk"; Filename: "{uninstallexe}"
Name: "{userdesktop}\Claimdesk"; Filename: "{app}\claimdesk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Registry]
; .claimdesk files open in Claimdesk (for this user).
Root: HKA; Subkey: "Software\Classes\.claimdesk"; ValueType: string; ValueName: ""; ValueData: "Claimdesk.Project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Claimdesk.Project"; ValueType: string; ValueName: ""; ValueData: "Claimdesk project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Claimdesk.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\claimdesk.exe,0"
Root: HKA; Subkey: "Software\Classes\Claimdesk.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\claimdesk.exe"" --project ""%1"""

[Run]
Filename: "{app}\claimdesk.exe"; Description: "Start Claimdesk"; Flags: nowait postinstall skipifsilent
