# Build the Windows installer: the one-folder app, its self-test, then Inno Setup.
# Run from the repository root in PowerShell, with Inno Setup 6 installed (iscc on PATH or in
# its default folder). Produces dist\Claimdesk-Setup-<version>.exe.
$ErrorActionPreference = "Stop"
py -3.11 -m venv .venv
.venv\Scripts\pip install -q -c constraints.txt -e ".[packaging]"
.venv\Scripts\python packaging\build.py
$env:QT_QPA_PLATFORM = "offscreen"
$test = Start-Process -FilePath "dist\Claimdesk\claimdesk.exe" -ArgumentList "--self-test" -Wait -PassThru -NoNewWindow
if ($test.ExitCode -ne 0) { throw "the built app's self-test failed ($($test.ExitCode))" }
$version = (.venv\Scripts\python -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
$iscc = (Get-Command iscc -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" packaging\windows\claimdesk.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
