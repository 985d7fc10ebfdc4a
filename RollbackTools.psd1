@{
    RootModule           = 'RollbackTools.dll'
    # Filled in by build.ps1 from Directory.Build.props, the one version source.
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0c7a52-3d1e-4c8b-9a4f-2b7e5d1c9e30'
    Author               = 'RollbackTools contributors'
    CompanyName          = 'RollbackTools'
    Copyright            = '(c) RollbackTools contributors. MIT licence.'
    Description          = 'Take a database migration forward and, when it fails, back again without losing data: paired up/down migrations with a journal, verified backups, data restore, soft delete, cancelling running migrations, rollback testing, a pre-migration checklist and incident reports. PostgreSQL, MySQL/MariaDB and SQLite.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'
    FormatsToProcess     = @('RollbackTools.Format.ps1xml')
    TypesToProcess       = @('RollbackTools.Types.ps1xml')
    # Where Update-Help finds the help of each release: the HelpInfo.xml and help packages build.ps1 Help writes.
    HelpInfoURI          = 'https://github.com/rollbacktools/RollbackTools/releases/latest/download/'
    CmdletsToExport      = @(
        'Connect-MigrationDatabase'
        'Test-MigrationConnection'
        'Get-Migration'
        'Test-Migration'
        'New-Migration'
        'Invoke-Migration'
        'Undo-Migration'
        'Get-MigrationHistory'
        'Set-MigrationState'
        'Import-MigrationHistory'
        'Test-MigrationDrift'
        'Get-MigrationFleet'
        'New-MigrationBackup'
        'Get-MigrationBackup'
        'Test-MigrationBackup'
        'Restore-MigrationBackup'
        'Remove-MigrationBackup'
        'New-MigrationRestorePoint'
        'Get-MigrationRestorePoint'
        'Restore-MigrationDatabase'
        'Remove-MigrationDatabase'
        'Get-MigrationQuery'
        'Stop-MigrationQuery'
        'Get-MigrationSchema'
        'Compare-MigrationSchema'
        'Test-MigrationRollback'
        'Remove-MigrationTable'
        'Remove-MigrationColumn'
        'Get-DeprecatedObject'
        'Restore-DeprecatedObject'
        'Clear-DeprecatedObject'
        'Test-MigrationReadiness'
        'New-MigrationIncidentReport'
        'Get-RollbackPlan'
        'Invoke-RollbackPlan'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Database', 'Migration', 'Rollback', 'Backup', 'PostgreSQL', 'MySQL', 'MariaDB', 'SQLite', 'DevOps', 'Linux', 'Windows', 'MacOS', 'PSEdition_Core')
            LicenseUri   = 'https://github.com/rollbacktools/RollbackTools/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/rollbacktools/RollbackTools'
            IconUri      = 'https://raw.githubusercontent.com/rollbacktools/RollbackTools/main/docs/icon.png'
            ReleaseNotes = @'
0.1.0, the first release.
- Paired up/down migrations in the layouts of golang-migrate, dbmate, goose, Flyway, Liquibase and Sqitch, with a journal and an append-only history in the database; Invoke-Migration, Undo-Migration, Get-Migration, Test-Migration (a CI gate) and New-Migration.
- Verified table backups and dumps, restores by upsert, replace or column, soft delete with a retention period.
- Emergency control: Get-MigrationQuery and Stop-MigrationQuery; lock and statement timeouts with retries.
- Rollback tests, drift detection, the pre-migration checklist, the rollback decision tree (Get-RollbackPlan, Invoke-RollbackPlan) and incident reports.
- Fleets: waves, -ThrottleLimit, shards and project environments.
- PostgreSQL, MySQL/MariaDB and SQLite; PowerShell 7.4 and later on Windows, Linux and macOS, x64 and arm64.
'@
        }
    }
}
