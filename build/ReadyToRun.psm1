# Compiles the module's assemblies ahead of time (ReadyToRun) for the runtime and platform the build runs
# on, so a fresh pwsh does not JIT the engine and its drivers before the first migration. An R2R image
# keeps its IL: on another runtime version or platform the runtime ignores the native code and JITs as
# before, so one copy serves every platform.

function Get-Crossgen2 {
    # The crossgen2 of the running runtime's exact version, from NuGet; null (with a warning) when it cannot be had.
    param([Parameter(Mandatory)] [string] $PackagesPath)
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    $version = [Environment]::Version.ToString(3)
    $tool = Join-Path $PackagesPath "microsoft.netcore.app.crossgen2.$rid/$version/tools/crossgen2$(if ($IsWindows) { '.exe' })"
    if (-not (Test-Path $tool)) {
        $project = Join-Path $PSScriptRoot 'ReadyToRun/Crossgen2.proj'
        $output = & dotnet restore $project "-p:HostRid=$rid" "-p:RuntimeVersion=$version" --nologo -v quiet 2>&1
        if ($LASTEXITCODE -ne 0 -or -not (Test-Path $tool)) {
            Write-Warning "No crossgen2 $version for $rid ($($output | Select-Object -Last 1)): the module ships without ReadyToRun images and JITs on first use."
            return $null
        }
    }
    [pscustomobject]@{ Path = $tool; Rid = $rid; Version = $version }
}

function Invoke-ReadyToRun {
    <#
    .SYNOPSIS
    Replaces each given assembly by its ReadyToRun image, compiled against the running runtime and the
    assemblies in -ReferencePath.
    #>
    param(
        [Parameter(Mandatory)] [string[]] $Assembly,
        [Parameter(Mandatory)] [string[]] $ReferencePath,
        [Parameter(Mandatory)] [string] $PackagesPath
    )
    $crossgen = Get-Crossgen2 -PackagesPath $PackagesPath
    if (-not $crossgen) { return }
    $framework = [IO.Path]::GetDirectoryName([object].Assembly.Location)
    $os, $arch = $crossgen.Rid -split '-', 2
    $os = @{ win = 'windows'; osx = 'osx' }[$os] ?? 'linux'
    $references = @("-r:$(Join-Path $framework '*.dll')") + @($ReferencePath | ForEach-Object { "-r:$(Join-Path $_ '*.dll')" })
    foreach ($file in $Assembly) {
        $image = "$file.r2r"
        $log = & $crossgen.Path $file -o $image @references --targetos $os --targetarch $arch -O 2>&1
        if ($LASTEXITCODE -ne 0) {
            Write-Warning "crossgen2 could not compile $([IO.Path]::GetFileName($file)); it ships as IL: $($log | Select-Object -Last 1)"
            Remove-Item $image -ErrorAction Ignore
            continue
        }
        Move-Item -Force $image $file
    }
    Write-Host "ReadyToRun images for .NET $($crossgen.Version) on $($crossgen.Rid): $($Assembly.Count) assemblies."
}

Export-ModuleMember -Function Invoke-ReadyToRun
