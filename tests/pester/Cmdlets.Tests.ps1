# One Describe per exported cmdlet, named after it, on an SQLite file: where a newcomer looks first for
# what a cmdlet promises. The runbooks in the other files test the same cmdlets together and on every database.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    function New-CmdletFixture {
        # A database with customers, and a folder of two migrations; the first one applied when -Applied.
        param([switch] $Applied)
        $db = New-TestDatabase Sqlite
        $null = Invoke-TestSql -Url $db -Sql "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO customers VALUES (1, 'ann'), (2, 'bob');"
        $folder = New-TestMigrationFolder @{
            '1_orders.up.sql'     = 'CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER);'
            '1_orders.down.sql'   = 'DROP TABLE orders;'
            '2_email.up.sql'      = 'ALTER TABLE customers ADD COLUMN email TEXT;'
            '2_email.down.sql'    = 'ALTER TABLE customers DROP COLUMN email;'
        }
        if ($Applied) { $null = Invoke-Migration -Path $folder -Database $db -Count 1 }
        [pscustomobject]@{ Db = $db; Folder = $folder }
    }

    function Remove-CmdletFixture($Fixture) {
        Remove-TestDatabase $Fixture.Db
        Remove-Item -Recurse -Force $Fixture.Folder -ErrorAction Ignore
    }
}

Describe 'Connect-MigrationDatabase' {
    It 'returns a target that -Database takes, its relative path made absolute' {
        $f = New-CmdletFixture
        try {
            $target = Connect-MigrationDatabase -Url ($f.Db -replace '^sqlite:', '')
            $target.Provider | Should -Be 'Sqlite'
            [IO.Path]::IsPathRooted($target.DatabaseName) | Should -BeTrue
            (Get-Migration -Path $f.Folder -Database $target).State | Should -Be @('Pending', 'Pending')
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Test-MigrationConnection' {
    It 'reports the server, and -Quiet says $false for a database it cannot open' {
        (Test-MigrationConnection -Database 'sqlite::memory:').Provider | Should -Be 'Sqlite'
        Test-MigrationConnection -Database 'postgres://nobody@127.0.0.1:1/none' -ConnectTimeout 2s -Quiet | Should -BeFalse
    }
}

Describe 'Get-Migration' {
    It 'lists the folder and the journal together, filtered by -State' {
        $f = New-CmdletFixture -Applied
        try {
            (Get-Migration -Path $f.Folder -Database $f.Db).State | Should -Be @('Applied', 'Pending')
            (Get-Migration -Path $f.Folder -Database $f.Db -State Pending).Version.ToString() | Should -Be '2'
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Invoke-Migration' {
    It 'applies the pending migrations, one result each, and -WhatIf changes nothing' {
        $f = New-CmdletFixture
        try {
            Invoke-Migration -Path $f.Folder -Database $f.Db -WhatIf | Should -BeNullOrEmpty
            Get-TestTableNames $f.Db | Should -Not -Contain 'orders'
            (Invoke-Migration -Path $f.Folder -Database $f.Db).Status | Should -Be @('Succeeded', 'Succeeded')
        }
        finally { Remove-CmdletFixture $f }
    }

    It 'takes the folder and how far to go from rows piped by Get-Migration, without -Path again' {
        $f = New-CmdletFixture
        try {
            $first = @(Get-Migration -Path $f.Folder -Database $f.Db -State Pending | Select-Object -First 1 | Invoke-Migration)
            $first.Count | Should -Be 1 -Because 'only the row piped in is applied'
            $first[0].Status | Should -Be 'Succeeded'
            (Get-Migration -Path $f.Folder -Database $f.Db -State Pending | Invoke-Migration).Status | Should -Be @('Succeeded')
            Get-Migration -Path $f.Folder -Database $f.Db -State Pending | Should -BeNullOrEmpty
        }
        finally { Remove-CmdletFixture $f }
    }

    It 'writes each SQL command to the Debug stream when $DebugPreference shows it, and nothing there otherwise' {
        $f = New-CmdletFixture
        try {
            $quiet = Invoke-Migration -Path $f.Folder -Database $f.Db -Count 1 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
            $quiet | Should -BeNullOrEmpty
            $DebugPreference = 'Continue'
            $debug = Invoke-Migration -Path $f.Folder -Database $f.Db 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
            $debug.Message | Should -Contain 'SQL: ALTER TABLE customers ADD COLUMN email TEXT'
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Undo-Migration' {
    It 'undoes what is piped to it with the down script from the journal' {
        $f = New-CmdletFixture
        try {
            $run = Invoke-Migration -Path $f.Folder -Database $f.Db
            ($run | Undo-Migration -Confirm:$false).Version.ForEach({ $_.ToString() }) | Should -Be @('2', '1')
            Get-TestTableNames $f.Db | Should -Not -Contain 'orders'
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Get-MigrationHistory' {
    It 'lists every up and down, filtered by -Version and -Status' {
        $f = New-CmdletFixture -Applied
        try {
            $null = Undo-Migration -Database $f.Db -Confirm:$false
            (Get-MigrationHistory -Database $f.Db).Action | Should -Be @('Up', 'Down')
            @(Get-MigrationHistory -Database $f.Db -Version 1 -Status Succ*).Count | Should -Be 2
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'DatabaseCmdlet with several databases' {
    It 'runs a one-database cmdlet once per database, in order, one database''s failure not stopping the next' {
        $a = New-CmdletFixture -Applied
        $b = New-CmdletFixture -Applied
        try {
            $err = $null
            $rows = Get-MigrationHistory -Database $a.Db, 'postgres://nobody@127.0.0.1:1/none', $b.Db -ConnectTimeout 2s -ErrorVariable err -ErrorAction SilentlyContinue
            ($rows.Database.Url | Select-Object -Unique) | Should -Be @($a.Db, $b.Db)
            $err[0].FullyQualifiedErrorId | Should -BeLike 'DatabaseUnreachable*'
            (New-MigrationBackup -Database $a.Db, $b.Db -Table customers).Database.Url | Should -Be @($a.Db, $b.Db)
        }
        finally { Remove-CmdletFixture $a; Remove-CmdletFixture $b }
    }

    It 'names the database on every row of readiness, schema and drift, so a fleet''s rows group by it' {
        $a = New-CmdletFixture -Applied
        $b = New-CmdletFixture -Applied
        try {
            $null = Invoke-TestSql -Url $b.Db -Sql 'CREATE TABLE stray (id INTEGER);'
            $checks = Test-MigrationReadiness -Path $a.Folder -Database $a.Db, $b.Db
            $checks.Database.Url | Select-Object -Unique | Should -Be @($a.Db, $b.Db)
            (Get-MigrationSchema -Database $a.Db, $b.Db).Database.Url | Should -Be @($a.Db, $b.Db)
            $drift = Test-MigrationDrift -Path $a.Folder -Database $a.Db, $b.Db -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
            ($drift | Where-Object Name -eq 'stray').Database.Url | Select-Object -Unique | Should -Be $b.Db
            (Compare-MigrationSchema -Reference (Get-MigrationSchema -Database $a.Db) -Difference (Get-MigrationSchema -Database $b.Db)).Database.Url | Select-Object -Unique | Should -Be $b.Db
        }
        finally { Remove-CmdletFixture $a; Remove-CmdletFixture $b }
    }
}

Describe 'Set-MigrationState' {
    It 'records a manual fix without running any SQL' {
        $f = New-CmdletFixture
        try {
            (Set-MigrationState -Version 1 -State Applied -Path $f.Folder -Database $f.Db).Action | Should -Be 'SetState'
            Get-TestTableNames $f.Db | Should -Not -Contain 'orders'
            (Get-Migration -Path $f.Folder -Database $f.Db)[0].State | Should -Be 'Applied'
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Import-MigrationHistory' {
    It "records what golang-migrate's table says, and leaves that table as it was" {
        $f = New-CmdletFixture
        try {
            $null = Invoke-TestSql -Url $f.Db -Sql 'CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER); CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (1, false);'
            (Import-MigrationHistory -Path $f.Folder -Database $f.Db -From GolangMigrate).Action | Should -Be 'Imported'
            (Get-Migration -Path $f.Folder -Database $f.Db).State | Should -Be @('Applied', 'Pending')
            Invoke-TestSql -Url $f.Db -Sql 'SELECT version FROM schema_migrations;' | Should -Be '1'
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Test-MigrationDrift' {
    It 'emits nothing without drift and the table added by hand with it' {
        $f = New-CmdletFixture -Applied
        try {
            # customers was there before any migration: it is drift from the migrations' point of view.
            (Test-MigrationDrift -Path $f.Folder -Database $f.Db | Where-Object Kind -eq Table).Name | Should -Be 'customers'
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'New-MigrationBackup' {
    It 'takes a verified copy of a table' {
        $f = New-CmdletFixture
        try {
            $backup = New-MigrationBackup -Database $f.Db -Table customers
            $backup.RowCount | Should -Be 2
            $backup.Verified | Should -BeTrue
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Get-MigrationBackup' {
    It 'lists the backups of a table' {
        $f = New-CmdletFixture
        try {
            $null = New-MigrationBackup -Database $f.Db -Table customers
            (Get-MigrationBackup -Database $f.Db).Table | Should -Be 'customers'
        }
        finally { Remove-CmdletFixture $f }
    }

    It 'lists no base backups where none was taken, and keeps its table filters to table backups' {
        $f = New-CmdletFixture
        try {
            @(Get-MigrationBackup -Database $f.Db -BaseBackup) | Should -BeNullOrEmpty
            { Get-MigrationBackup -Database $f.Db -BaseBackup -Table customers } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
        }
        finally { Remove-CmdletFixture $f }
    }

    It 'refuses to test or remove a base backup of a SQLite database with NotSupported, and deletes nothing' {
        $f = New-CmdletFixture
        try {
            $target = Connect-MigrationDatabase $f.Db
            $fake = $target.GetType().Assembly.GetType('RollbackTools.BaseBackup')::new($f.Folder, $target)
            { $fake | Test-MigrationBackup -ErrorAction Stop } | Should -Throw -ErrorId 'NotSupported,*' -ExpectedMessage '*PostgreSQL, MariaDB and MySQL*'
            { $fake | Remove-MigrationBackup -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'NotSupported,*'
            Test-Path (Join-Path $f.Folder '1_orders.up.sql') | Should -BeTrue
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Test-MigrationBackup' {
    It 'proves a backup against its recorded checksum' {
        $f = New-CmdletFixture
        try {
            (New-MigrationBackup -Database $f.Db -Table customers | Test-MigrationBackup).Passed | Should -BeTrue
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Restore-MigrationBackup' {
    It 'puts changed rows back, verified' {
        $f = New-CmdletFixture
        try {
            $backup = New-MigrationBackup -Database $f.Db -Table customers
            $null = Invoke-TestSql -Url $f.Db -Sql "UPDATE customers SET name = 'changed';"
            ($backup | Restore-MigrationBackup -Confirm:$false).Verified | Should -BeTrue
            Invoke-TestSql -Url $f.Db -Sql 'SELECT name FROM customers ORDER BY id;' | Should -Be @('ann', 'bob')
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Remove-MigrationBackup' {
    It 'drops a backup and its catalog row' {
        $f = New-CmdletFixture
        try {
            New-MigrationBackup -Database $f.Db -Table customers | Remove-MigrationBackup -Confirm:$false
            Get-MigrationBackup -Database $f.Db | Should -BeNullOrEmpty
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Get-MigrationQuery' {
    It 'says SQLite has no server sessions to list' {
        { Get-MigrationQuery -Database 'sqlite::memory:' -ErrorAction Stop } | Should -Throw -ErrorId 'NotSupported*'
    }
}

Describe 'Stop-MigrationQuery' {
    It 'says SQLite has no server sessions to stop' {
        { Stop-MigrationQuery -Database 'sqlite::memory:' -Id 1 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'NotSupported*'
    }
}

Describe 'Get-MigrationSchema' {
    It 'snapshots the schema without the module''s own tables' {
        $f = New-CmdletFixture -Applied
        try {
            $schema = Get-MigrationSchema -Database $f.Db
            $schema.Objects.Name | Should -Contain 'orders'
            $schema.Objects.Name | Should -Not -Contain 'rollbacktools_migrations'
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Compare-MigrationSchema' {
    It 'lists the differences by meaning, nothing when equal' {
        $f = New-CmdletFixture
        try {
            $before = Get-MigrationSchema -Database $f.Db
            Compare-MigrationSchema $before (Get-MigrationSchema -Database $f.Db) | Should -BeNullOrEmpty
            $null = Invoke-Migration -Path $f.Folder -Database $f.Db -Count 1
            (Compare-MigrationSchema $before (Get-MigrationSchema -Database $f.Db) | Where-Object Kind -eq Table).Name | Should -Be 'orders'
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Test-MigrationRollback' {
    It 'applies, undoes and re-applies each pending migration, and leaves the database as it was' {
        $f = New-CmdletFixture
        try {
            (Test-MigrationRollback -Path $f.Folder -Database $f.Db -Confirm:$false).Passed | Should -Be @($true, $true)
            Get-TestTableNames $f.Db | Should -Not -Contain 'orders'
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Remove-MigrationTable' {
    It 'renames the table aside instead of dropping it' {
        $f = New-CmdletFixture
        try {
            (Remove-MigrationTable -Database $f.Db -Name customers -Confirm:$false).DeprecatedName | Should -BeLike '_deprecated_customers*'
            Get-TestTableNames $f.Db | Should -Not -Contain 'customers'
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Remove-MigrationColumn' {
    It 'renames the column aside, its values kept' {
        $f = New-CmdletFixture
        try {
            (Remove-MigrationColumn -Database $f.Db -Table customers -Name name -Confirm:$false).Kind | Should -Be 'Column'
            Invoke-TestSql -Url $f.Db -Sql 'SELECT COUNT(*) FROM pragma_table_info(''customers'') WHERE name = ''name'';' | Should -Be '0'
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Get-DeprecatedObject' {
    It 'lists what was soft-deleted' {
        $f = New-CmdletFixture
        try {
            $null = Remove-MigrationTable -Database $f.Db -Name customers -Confirm:$false
            (Get-DeprecatedObject -Database $f.Db).Name | Should -Be 'customers'
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Restore-DeprecatedObject' {
    It 'gives a soft-deleted table its name back, with its rows' {
        $f = New-CmdletFixture
        try {
            $null = Remove-MigrationTable -Database $f.Db -Name customers -Confirm:$false
            Get-DeprecatedObject -Database $f.Db | Restore-DeprecatedObject -Confirm:$false | Out-Null
            Invoke-TestSql -Url $f.Db -Sql 'SELECT COUNT(*) FROM customers;' | Should -Be '2'
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Clear-DeprecatedObject' {
    It 'drops a soft-deleted table for good only with -Force while it is still in its retention' {
        $f = New-CmdletFixture
        try {
            $null = Remove-MigrationTable -Database $f.Db -Name customers -Confirm:$false
            Get-DeprecatedObject -Database $f.Db | Clear-DeprecatedObject -Force -Confirm:$false | Out-Null
            Get-DeprecatedObject -Database $f.Db | Should -BeNullOrEmpty
            (Get-TestTableNames $f.Db) -like '_deprecated_*' | Should -BeNullOrEmpty
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Test-MigrationReadiness' {
    It 'checks each checklist item, and -Strict fails a pipeline on a failed one' {
        $f = New-CmdletFixture
        try {
            $items = Test-MigrationReadiness -Path $f.Folder -Database $f.Db
            $items.Name | Should -Contain 'Rollback script present'
            { Test-MigrationReadiness -Path $f.Folder -Database $f.Db -Strict -ErrorAction Stop } | Should -Throw -ErrorId 'NotReady*'
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'New-MigrationIncidentReport' {
    It 'writes the post-rollback document from the history' {
        $f = New-CmdletFixture -Applied
        try {
            $null = Undo-Migration -Database $f.Db -Confirm:$false
            New-MigrationIncidentReport -Database $f.Db -Since (Get-Date).AddHours(-1) | Should -Match '# Migration incident report'
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Get-RollbackPlan' {
    It 'chooses the branch from -Symptom and lays out its steps' {
        $f = New-CmdletFixture -Applied
        try {
            $plan = Get-RollbackPlan -Database $f.Db -Symptom SchemaIncomplete
            $plan.Branch | Should -Be 'SchemaIncomplete'
            $plan.Steps | Should -Not -BeNullOrEmpty
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Invoke-RollbackPlan' {
    It 'with -WhatIf carries out no step' {
        $f = New-CmdletFixture -Applied
        try {
            $plan = Get-RollbackPlan -Database $f.Db -Symptom SchemaIncomplete
            $null = $plan | Invoke-RollbackPlan -WhatIf
            (Get-Migration -Path $f.Folder -Database $f.Db)[0].State | Should -Be 'Applied'
        }
        finally { Remove-CmdletFixture $f }
    }

    It 'takes a plan read back from a file through the pipeline' {
        $f = New-CmdletFixture -Applied
        try {
            $file = Join-Path $f.Folder 'plan.json'
            $null = Get-RollbackPlan -Database $f.Db -Symptom SchemaIncomplete -OutFile $file
            $results = Get-RollbackPlan -FromFile $file | Invoke-RollbackPlan -Confirm:$false
            $results.Status | Select-Object -Unique | Should -Be 'Succeeded'
            $results[0].Database.Url | Should -Be (Connect-MigrationDatabase $f.Db).Url
            (Get-Migration -Path $f.Folder -Database $f.Db).State | Select-Object -Unique | Should -Be 'Pending'
        }
        finally { Remove-CmdletFixture $f }
    }
}

Describe 'Get-MigrationFleet' {
    It 'gives one row per database, an unreadable one included, and counts per state with -Summary' {
        $a = New-CmdletFixture -Applied
        $b = New-CmdletFixture
        try {
            $null = Invoke-Migration -Path $a.Folder -Database $b.Db
            $rows = Get-MigrationFleet -Path $a.Folder -Database $a.Db, $b.Db, "postgres://nobody@127.0.0.1:1/none" -ConnectTimeout 2s
            $rows.State | Should -Be @('Pending', 'UpToDate', 'Unreachable')
            $rows[0].Version.ToString() | Should -Be '1'
            $rows[0].Pending | Should -Be 1
            $rows[2].Error | Should -Match 'DatabaseUnreachable'
            (Get-MigrationFleet -Path $a.Folder -Database $a.Db, $b.Db -Summary).State | Should -Be @('Pending', 'UpToDate')
        }
        finally { Remove-CmdletFixture $a; Remove-CmdletFixture $b }
    }

    It 'shows a database piped more than once as one row' {
        $a = New-CmdletFixture -Applied
        try {
            $rows = @($a.Db, $a.Db, (Connect-MigrationDatabase $a.Db) | Get-MigrationFleet -Path $a.Folder)
            $rows.Count | Should -Be 1
        }
        finally { Remove-CmdletFixture $a }
    }
}
