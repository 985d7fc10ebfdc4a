# Runbooks for the seed's checklist and its post-rollback document on PostgreSQL, MariaDB and SQLite.

BeforeDiscovery {
    $script:Providers = @(
        @{ Provider = 'PostgreSql'; Code = '42P01' }
        @{ Provider = 'MySql'; Code = '1146' }
        @{ Provider = 'Sqlite'; Code = '1' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:Examples = Join-Path $PSScriptRoot '../../examples/migrations'

    function script:New-ReleaseFolder {
        # The example migrations, plus a release that changes a table holding data.
        $folder = New-TestMigrationFolder @{
            '20240104090000_customer_note.up.sql'   = 'ALTER TABLE customers ADD COLUMN note VARCHAR(20);'
            '20240104090000_customer_note.down.sql' = 'ALTER TABLE customers DROP COLUMN note;'
        }
        Copy-Item (Join-Path $Examples '*') $folder
        $folder
    }

    function script:Get-Item([object[]] $Items, [string] $Name) { $Items | Where-Object Name -eq $Name }
}

Describe 'Test-MigrationReadiness on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $script:Staging = New-TestDatabase $Provider
        $script:Folder = New-ReleaseFolder
        $null = Invoke-Migration -Path $Folder -Database $Db -Target 20240103090000
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-TestDatabase $Staging
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'fails what is not done, says how to fix it, and -Strict stops a pipeline' {
        $items = Test-MigrationReadiness -Path $Folder -Database $Db
        $items.Name | Should -Be @('Backup taken and verified', 'Point-in-time recovery possible', 'Rollback script present', 'Rollback script tested', 'Tested on staging', 'Inside the maintenance window', 'No long-running or blocking queries', 'Monitoring ready')
        (Get-Item $items 'Backup taken and verified').Status | Should -Be 'Fail'
        (Get-Item $items 'Backup taken and verified').Detail | Should -Match 'customers'
        (Get-Item $items 'Backup taken and verified').Fix | Should -Match 'New-MigrationBackup -Table customers'
        (Get-Item $items 'Rollback script present').Status | Should -Be 'Pass'
        (Get-Item $items 'Rollback script tested').Status | Should -Be 'Fail'
        (Get-Item $items 'Tested on staging').Status | Should -Be 'Skipped'
        (Get-Item $items 'Point-in-time recovery possible').Status | Should -Be 'Skipped' -Because 'it is asked for with -PointInTimeRecovery'
        (Get-Item $items 'No long-running or blocking queries').Status | Should -Be $(if ($Provider -eq 'Sqlite') { 'Skipped' } else { 'Pass' })

        { Test-MigrationReadiness -Path $Folder -Database $Db -Strict -ErrorAction Stop } | Should -Throw -ErrorId 'NotReady*'
    }

    It 'passes every item once the work is done, and -Strict lets the pipeline go on' {
        $null = New-MigrationBackup -Database $Db -Table customers
        $null = Invoke-Migration -Path $Folder -Database $Staging -Target 20240103090000
        $null = Test-MigrationRollback -Path $Folder -Database $Staging -Force -Confirm:$false
        $null = Invoke-Migration -Path $Folder -Database $Staging
        $now = Get-Date
        $window = '{0:HH:mm}-{1:HH:mm}' -f $now.AddMinutes(-30), $now.AddMinutes(30)

        $items = Test-MigrationReadiness -Path $Folder -Database $Db -StagingDatabase $Staging -MaintenanceWindow $window -MonitoringCheck { $true } -Strict
        $items | Where-Object Status -eq 'Fail' | Should -BeNullOrEmpty
        ($items | Where-Object Status -eq 'Pass').Count | Should -Be $(if ($Provider -eq 'Sqlite') { 6 } else { 7 })
    }

    It 'a window elsewhere in the week and a failing monitoring check fail' {
        $other = (Get-Date).AddDays(3).ToString('ddd', [cultureinfo]::InvariantCulture)
        $items = Test-MigrationReadiness -Path $Folder -Database $Db -MaintenanceWindow "$other 02:00-04:00" -MonitoringCheck { $false }
        (Get-Item $items 'Inside the maintenance window').Status | Should -Be 'Fail'
        (Get-Item $items 'Monitoring ready').Status | Should -Be 'Fail'
        { Test-MigrationReadiness -Path $Folder -Database $Db -MaintenanceWindow 'whenever' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidMaintenanceWindow*'
    }
}

Describe 'New-MigrationIncidentReport on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeAll {
        $script:Db = New-TestDatabase $Provider
        $script:Folder = New-TestMigrationFolder @{
            '1_users.up.sql'    = 'CREATE TABLE users (id INTEGER PRIMARY KEY);'
            '1_users.down.sql'  = 'DROP TABLE users;'
            '2_broken.up.sql'   = "CREATE TABLE t2a (id INTEGER);`nCREATE TABLE t2b (id INTEGER);`nINSERT INTO no_such_table VALUES (1);`n"
            '2_broken.down.sql' = "DROP TABLE t2b;`nDROP TABLE t2a;`n"
        }
        $script:Start = (Get-Date).AddSeconds(-1)
        $null = Invoke-Migration -Path $Folder -Database $Db -ErrorAction SilentlyContinue
        if ($Provider -eq 'MySql') { $null = Undo-Migration -Database $Db -Version 2 -Force -Confirm:$false -WarningAction SilentlyContinue }
    }

    AfterAll {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'names the failing migration, statement, line and error code, and what was done' {
        $report = New-MigrationIncidentReport -Database $Db -Since $Start
        $report | Should -Match '## What failed'
        $report | Should -Match '\*\*2 broken\*\*'
        $report | Should -Match 'Statement 3, line 3'
        $report | Should -Match ([regex]::Escape('    INSERT INTO no_such_table VALUES (1)')) -Because 'the report quotes the failing SQL itself'
        $report | Should -Match "Error code \(SQLSTATE or server error\): $Code"
        $report | Should -Match '## Timeline'
        $report | Should -Match '## Open questions'
        if ($Provider -eq 'MySql') { $report | Should -Match 'ForceDown 2 broken' }
    }

    It 'contains no password or connection secret' {
        $password = if ($Provider -eq 'Sqlite') { $null } else { (Split-TestServerUrl $Db).Password }
        foreach ($format in 'Markdown', 'Json') {
            $report = New-MigrationIncidentReport -Database $Db -Since $Start -Format $format
            if ($password) { $report | Should -Not -Match ([regex]::Escape($password)) }
            $report | Should -Not -Match 'password='
        }
    }

    It 'writes Markdown to a file, and JSON that tools can read' {
        $file = Join-Path $Folder 'incident.md'
        (New-MigrationIncidentReport -Database $Db -Since $Start -OutFile $file).FullName | Should -Be $file
        Get-Content -Raw $file | Should -Match '# Migration incident report'
        $json = New-MigrationIncidentReport -Database $Db -Since $Start -Format Json | ConvertFrom-Json
        $json.Failures[0].Version | Should -Be '2'
        $json.Failures[0].Code | Should -Be $Code
        $json.Failures[0].Statement | Should -Be 'INSERT INTO no_such_table VALUES (1)'
    }
}
