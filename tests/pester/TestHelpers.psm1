# Shared by the Pester runbooks: where the built module is and which servers to test against.

function Get-TestModulePath {
    if ($env:ROLLBACKTOOLS_MODULE) { return $env:ROLLBACKTOOLS_MODULE }
    Join-Path $PSScriptRoot '../../out/RollbackTools'
}

function Get-TestServerUrl {
    param([ValidateSet('PostgreSql', 'MySql')] [string] $Provider)
    $variable = if ($Provider -eq 'PostgreSql') { 'ROLLBACKTOOLS_TEST_POSTGRES' } else { 'ROLLBACKTOOLS_TEST_MYSQL' }
    $url = [Environment]::GetEnvironmentVariable($variable)
    if (-not $url) { throw "$variable is not set: run the tests through 'build.ps1 Test', which provisions the servers." }
    $url
}

function Split-TestServerUrl {
    # Separates the password from a test URL so tests can pass it the way users do, through -Credential.
    param([string] $Url)
    $uri = [Uri] $Url
    $user, $password = $uri.UserInfo -split ':', 2
    [pscustomobject]@{
        UrlWithoutPassword = $Url.Replace("${user}:$password@", "$user@")
        User               = [Uri]::UnescapeDataString($user)
        Password           = [Uri]::UnescapeDataString($password)
        Credential         = [pscredential]::new([Uri]::UnescapeDataString($user), (ConvertTo-SecureString ([Uri]::UnescapeDataString($password)) -AsPlainText -Force))
        Host               = $uri.Host
        Port               = $uri.Port
    }
}

function Get-PwshPath {
    # Tests that need a pristine process (assembly conflicts) start one the same way the build does.
    $candidate = Join-Path $PSHOME 'pwsh'
    if ($IsWindows) { $candidate += '.exe' }
    if (Test-Path $candidate) { return $candidate }
    (Get-Command pwsh -ErrorAction Stop).Source
}

Export-ModuleMember -Function *
