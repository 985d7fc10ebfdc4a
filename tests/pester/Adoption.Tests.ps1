# Databases that other tools migrated, or that were built by hand: baselines, importing each tool's own
# history table (written by the real tool where it installs here: dbmate from npm, Sqitch from Debian;
# otherwise with the DDL and rows the tool's documentation gives), detection, and schema drift.

BeforeDiscovery {
    $script:Providers = @(
        @{ Provider = 'PostgreSql' }
        @{ Provider = 'MySql' }
        @{ Provider = 'Sqlite' }
    )
    $script:Imports = foreach ($provider in 'PostgreSql', 'MySql', 'Sqlite') {
        foreach ($tool in 'GolangMigrate', 'Dbmate', 'Flyway', 'Liquibase', 'Goose', 'Sqitch') { @{ Provider = $provider; Tool = $tool } }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    $script:Up = @(
        'CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50));'
        'CREATE TABLE widgets (id INTEGER PRIMARY KEY, user_id INTEGER);'
        'CREATE TABLE gadgets (id INTEGER PRIMARY KEY);'
    )
    $script:Down = @('DROP TABLE users;', 'DROP TABLE widgets;', 'DROP TABLE gadgets;')
    $script:Names = @('users', 'widgets', 'gadgets')

    function Get-FlywayChecksum([string] $Text) {
        # CRC-32 over each line's UTF-8 bytes without its line break, as Flyway computes it: written here
        # independently of the module, from Flyway's description.
        [long] $crc = 0xFFFFFFFFL
        foreach ($line in ($Text -split "`r?`n")) {
            foreach ($b in [Text.Encoding]::UTF8.GetBytes($line)) {
                $crc = $crc -bxor $b
                for ($k = 0; $k -lt 8; $k++) { $crc = if ($crc -band 1) { ($crc -shr 1) -bxor 0xEDB88320L } else { $crc -shr 1 } }
            }
        }
        [int] ((($crc -bxor 0xFFFFFFFFL) + 0x80000000L) % 0x100000000L - 0x80000000L)
    }

    function Get-ToolFolder([string] $Tool) {
        # The three migrations in the tool's own layout, and the versions and names we give them.
        switch ($Tool) {
            'GolangMigrate' {
                $files = @{}; for ($i = 0; $i -lt 3; $i++) { $files["$($i + 1)_$($Names[$i]).up.sql"] = $Up[$i]; $files["$($i + 1)_$($Names[$i]).down.sql"] = $Down[$i] }
                @{ Files = $files; Versions = @('1', '2', '3') }
            }
            'Dbmate' {
                $files = @{}; for ($i = 0; $i -lt 3; $i++) { $files["2024010100000$($i + 1)_$($Names[$i]).sql"] = "-- migrate:up`n$($Up[$i])`n`n-- migrate:down`n$($Down[$i])`n" }
                @{ Files = $files; Versions = @('20240101000001', '20240101000002', '20240101000003') }
            }
            'Flyway' {
                $files = @{}; for ($i = 0; $i -lt 3; $i++) { $files["V$($i + 1)__$($Names[$i]).sql"] = $Up[$i]; $files["U$($i + 1)__$($Names[$i]).sql"] = $Down[$i] }
                @{ Files = $files; Versions = @('1', '2', '3') }
            }
            'Liquibase' {
                $text = "--liquibase formatted sql`n" + (-join (0..2 | ForEach-Object { "`n--changeset alice:$($Names[$_])`n$($Up[$_])`n--rollback $($Down[$_])`n" }))
                @{ Files = @{ '001-schema.sql' = $text }; Versions = @('001.1', '001.2', '001.3') }
            }
            'Goose' {
                $files = @{}; for ($i = 0; $i -lt 3; $i++) { $files["0000$($i + 1)_$($Names[$i]).sql"] = "-- +goose Up`n$($Up[$i])`n-- +goose Down`n$($Down[$i])`n" }
                @{ Files = $files; Versions = @('00001', '00002', '00003') }
            }
            'Sqitch' {
                $plan = "%syntax-version=1.0.0`n%project=adopt`n`n" + (-join (0..2 | ForEach-Object { "$($Names[$_]) 2024-01-0$($_ + 1)T10:00:00Z Ann Example <ann@example.com> # $($Names[$_])`n" }))
                $files = @{ 'sqitch.plan' = $plan }
                for ($i = 0; $i -lt 3; $i++) {
                    $files["deploy/$($Names[$i]).sql"] = "BEGIN;`n$($Up[$i])`nCOMMIT;`n"
                    $files["revert/$($Names[$i]).sql"] = "BEGIN;`n$($Down[$i])`nCOMMIT;`n"
                    $files["verify/$($Names[$i]).sql"] = "SELECT id FROM $($Names[$i]) WHERE 1 = 0;`n"
                }
                @{ Files = $files; Versions = @('1', '2', '3') }
            }
        }
    }

    function Initialize-ToolHistory([string] $Tool, [string] $Provider, [string] $Db, [string] $Folder, [switch] $Dirty) {
        # Migrations 1 and 2 applied by the tool (or as the tool records them), 3 not. Returns the
        # Import-MigrationHistory parameters the tool's layout needs beyond -From.
        $extra = @{}
        $schema = { for ($i = 0; $i -lt 2; $i++) { $null = Invoke-TestSql -Url $Db -Sql $Up[$i] } }
        switch ($Tool) {
            'GolangMigrate' {
                & $schema
                $null = Invoke-TestSql -Url $Db -Sql "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations (version, dirty) VALUES (2, $(if ($Dirty) { 'true' } else { 'false' }));"
            }
            'Dbmate' {
                $dbmate = $env:ROLLBACKTOOLS_TEST_DBMATE
                if ($dbmate) {
                    $third = Get-ChildItem $Folder -Filter '*_gadgets.sql'
                    Move-Item $third.FullName "$($third.FullName).later"
                    $url = if ($Provider -eq 'Sqlite') { $Db } elseif ($Provider -eq 'PostgreSql') { "$Db`?sslmode=disable" } else { $Db }
                    $output = & $dbmate --url $url --migrations-dir $Folder --no-dump-schema up 2>&1
                    if ($LASTEXITCODE -ne 0) { throw "dbmate failed: $output" }
                    Move-Item "$($third.FullName).later" $third.FullName
                }
                else {
                    & $schema
                    $null = Invoke-TestSql -Url $Db -Sql "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY); INSERT INTO schema_migrations (version) VALUES ('20240101000001'), ('20240101000002');"
                }
            }
            'Flyway' {
                & $schema
                $null = Invoke-TestSql -Url $Db -Sql @"
CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50), description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time INT NOT NULL, success BOOLEAN NOT NULL);
INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES
 (1, '1', 'users', 'SQL', 'V1__users.sql', $(Get-FlywayChecksum $Up[0]), 'flyway', 12, true),
 (2, '2', 'widgets', 'SQL', 'V2__widgets.sql', $(Get-FlywayChecksum $Up[1]), 'flyway', 9, true);
"@
            }
            'Liquibase' {
                & $schema
                $table = if ($Provider -eq 'PostgreSql') { 'databasechangelog' } else { 'DATABASECHANGELOG' }
                $null = Invoke-TestSql -Url $Db -Sql @"
CREATE TABLE $table (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED TIMESTAMP NOT NULL, ORDEREXECUTED INT NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35), DESCRIPTION VARCHAR(255), COMMENTS VARCHAR(255), TAG VARCHAR(255), LIQUIBASE VARCHAR(20), CONTEXTS VARCHAR(255), LABELS VARCHAR(255), DEPLOYMENT_ID VARCHAR(10));
INSERT INTO $table (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, MD5SUM, DESCRIPTION, LIQUIBASE, DEPLOYMENT_ID) VALUES
 ('users', 'alice', 'db/changelog/001-schema.sql', CURRENT_TIMESTAMP, 1, 'EXECUTED', '9:0b1f0c7b5e2b6d8a9c1e2f3a4b5c6d7e', 'sql', '4.25.1', '0000000001'),
 ('widgets', 'alice', 'db/changelog/001-schema.sql', CURRENT_TIMESTAMP, 2, 'EXECUTED', '9:1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f', 'sql', '4.25.1', '0000000001');
"@
            }
            'Goose' {
                & $schema
                $ddl = if ($Provider -eq 'Sqlite') { 'id INTEGER PRIMARY KEY AUTOINCREMENT, version_id INTEGER NOT NULL, is_applied INTEGER NOT NULL, tstamp TIMESTAMP DEFAULT (datetime(''now''))' } else { 'id serial NOT NULL, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp NULL DEFAULT now(), PRIMARY KEY(id)' }
                $null = Invoke-TestSql -Url $Db -Sql "CREATE TABLE goose_db_version ($ddl); INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true), (1, true), (2, true), (3, true), (3, false);"
            }
            'Sqitch' {
                $target = if ($Provider -eq 'Sqlite') { 'db:' + $Db } elseif ($Provider -eq 'PostgreSql') { 'db:' + ($Db -replace '^postgres(ql)?:', 'pg:') } else { 'db:' + $Db }
                $registry = @()
                if ($Provider -eq 'MySql') {
                    # The MySQL registry is a database of its own, shared by default: one per test keeps them apart.
                    $name = 'sqitch_' + ([Uri] $Db).AbsolutePath.TrimStart('/')
                    $registry = @('--registry', $name)
                    $extra.Table = "$name.changes"
                    $script:SqitchRegistry = $Db -replace '/[^/]*$', "/$name"
                }
                $output = & sqitch --chdir $Folder deploy --to widgets --target $target @registry 2>&1
                if ($LASTEXITCODE -ne 0) { throw "sqitch failed: $output" }
            }
        }
        $extra
    }
}

Describe 'Baseline on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $script:Folder = New-TestMigrationFolder (Get-ToolFolder GolangMigrate).Files
        for ($i = 0; $i -lt 2; $i++) { $null = Invoke-TestSql -Url $Db -Sql $Up[$i] }
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'records the migrations up to V as applied without running them, and the next one applies' {
        Invoke-Migration -Path $Folder -Database $Db -Baseline 2 -WhatIf | Should -BeNullOrEmpty
        Get-TestTableNames $Db | Should -Not -Contain 'rollbacktools_migrations' -Because '-WhatIf changes nothing'

        $recorded = Invoke-Migration -Path $Folder -Database $Db -Baseline 2
        $recorded.Status | Should -Be @('Baselined', 'Baselined')
        $info = Get-Migration -Path $Folder -Database $Db
        $info.State | Should -Be @('Applied', 'Applied', 'Pending')
        $info[0].Checksum | Should -Be (Get-Migration -Path $Folder -Database $Db)[0].Checksum
        $history = Get-MigrationHistory -Database $Db
        @($history).Count | Should -Be 1
        $history.Action | Should -Be 'Baseline'

        (Invoke-Migration -Path $Folder -Database $Db).Version.ToString() | Should -Be '3'
        (Undo-Migration -Database $Db -Count 2 -Confirm:$false).Status | Should -Be @('Succeeded', 'Succeeded') -Because 'a baselined migration keeps its down script from the files'
        Get-TestTableNames $Db | Should -Not -Contain 'widgets'
    }

    It 'is refused on a journal that has rows, unless -Force; Set-MigrationState -UpTo does the same' {
        $null = Set-MigrationState -UpTo 1 -State Applied -Path $Folder -Database $Db
        { Invoke-Migration -Path $Folder -Database $Db -Baseline 2 -ErrorAction Stop } | Should -Throw -ErrorId 'JournalNotEmpty*'
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Applied', 'Pending', 'Pending')

        (Invoke-Migration -Path $Folder -Database $Db -Baseline 2 -Force).Version.ToString() | Should -Be '2' -Because 'only the migration the journal lacks is added'
        (Get-MigrationHistory -Database $Db).Action | Should -Be @('Baseline', 'Baseline')
        { Invoke-Migration -Path $Folder -Database $Db -Baseline 9 -ErrorAction Stop } | Should -Throw -ErrorId 'MigrationNotFound*'
    }
}

Describe 'Import-MigrationHistory from <Tool> on <Provider>' -Tag Integration -ForEach $Imports {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $script:SqitchRegistry = $null
        $layout = Get-ToolFolder $Tool
        $script:Versions = $layout.Versions
        $script:Folder = New-TestMigrationFolder $layout.Files
        $script:Extra = Initialize-ToolHistory -Tool $Tool -Provider $Provider -Db $Db -Folder $Folder
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-TestDatabase $SqitchRegistry
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'detects the tool, imports 1 and 2 as Applied, undoes the newest and applies again; a second import changes nothing' {
        $warnings = $null
        $before = Get-Migration -Path $Folder -Database $Db -WarningVariable warnings -WarningAction SilentlyContinue
        $before.State | Should -Be @('Pending', 'Pending', 'Pending')
        if (-not $Extra.Table) {
            # A registry under a name of the test's own (Sqitch on MariaDB) is not where the tool looks by default.
            "$warnings" | Should -Match "migrated by $Tool.*Import-MigrationHistory .*-From $Tool"
            { Invoke-Migration -Path $Folder -Database $Db -ErrorAction Stop } | Should -Throw -ErrorId 'OtherToolHistory*'
            Get-TestTableNames $Db | Should -Not -Contain 'rollbacktools_migrations' -Because 'nothing was applied'
        }

        Import-MigrationHistory -Path $Folder -Database $Db -From $Tool @Extra -WhatIf | Should -BeNullOrEmpty
        Get-TestTableNames $Db | Should -Not -Contain 'rollbacktools_migrations'

        $rows = Import-MigrationHistory -Path $Folder -Database $Db -From $Tool @Extra
        ($rows | Where-Object Action -eq 'Imported').Version.ForEach({ $_.ToString() }) | Should -Be $Versions[0..1]
        $rows.Action | Should -Not -Contain 'Unmatched'
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Applied', 'Applied', 'Pending')
        (Get-MigrationHistory -Database $Db).Action | Select-Object -Unique | Should -Be 'Import'
        (Get-MigrationHistory -Database $Db)[0].Error | Should -Match "Imported from $Tool"

        $again = Import-MigrationHistory -Path $Folder -Database $Db -From $Tool @Extra
        ($again | Where-Object Version).Action | Select-Object -Unique | Should -Be 'AlreadyRecorded'
        @(Get-MigrationHistory -Database $Db).Count | Should -Be 2

        (Undo-Migration -Database $Db -Confirm:$false).Version.ToString() | Should -Be $Versions[1]
        Get-TestTableNames $Db | Should -Not -Contain 'widgets'
        (Invoke-Migration -Path $Folder -Database $Db).Status | Should -Be @('Succeeded', 'Succeeded')
        Get-TestTableNames $Db | Should -Contain 'gadgets'
        Test-MigrationDrift -Path $Folder -Database $Db | Should -BeNullOrEmpty -Because "the tool's own table is no drift"
    }
}

Describe 'Importing what a tool recorded as dirty or changed on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'a dirty golang-migrate row is imported Dirty, and runs refuse until it is settled' {
        $script:Folder = New-TestMigrationFolder (Get-ToolFolder GolangMigrate).Files
        $null = Initialize-ToolHistory -Tool GolangMigrate -Provider $Provider -Db $Db -Folder $Folder -Dirty
        $rows = Import-MigrationHistory -Path $Folder -Database $Db -From GolangMigrate
        $rows.State | Should -Be @('Applied', 'Dirty')
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Applied', 'Dirty', 'Pending')
        { Invoke-Migration -Path $Folder -Database $Db -ErrorAction Stop } | Should -Throw -ErrorId 'DatabaseDirty*'
        Invoke-TestSql -Url $Db -Sql 'SELECT version FROM schema_migrations;' | Should -Be '2' -Because "the other tool's table is never changed"
    }

    It 'a Flyway script edited since Flyway ran it is imported Modified, not Applied' {
        $script:Folder = New-TestMigrationFolder (Get-ToolFolder Flyway).Files
        $null = Initialize-ToolHistory -Tool Flyway -Provider $Provider -Db $Db -Folder $Folder
        Set-Content -LiteralPath (Join-Path $Folder 'V2__widgets.sql') -Value 'CREATE TABLE widgets (id INTEGER PRIMARY KEY, user_id INTEGER, extra INTEGER);'
        $rows = Import-MigrationHistory -Path $Folder -Database $Db -From Flyway
        $rows.ChecksumMatches | Should -Be @($true, $false)
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Applied', 'Modified', 'Pending')
    }

    It 'rows that match no migration are reported, not imported' {
        $script:Folder = New-TestMigrationFolder (Get-ToolFolder Dbmate).Files
        $null = Initialize-ToolHistory -Tool Dbmate -Provider $Provider -Db $Db -Folder $Folder
        Remove-Item (Join-Path $Folder '20240101000001_users.sql')
        $warnings = $null
        $rows = Import-MigrationHistory -Path $Folder -Database $Db -From Dbmate -WarningVariable warnings -WarningAction SilentlyContinue
        ($rows | Where-Object Action -eq 'Unmatched').Source | Should -Be 'version 20240101000001'
        "$warnings" | Should -Match '20240101000001 matches no migration'
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Applied', 'Pending')
    }
}

Describe 'Test-MigrationDrift on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $script:Folder = New-TestMigrationFolder (Get-ToolFolder GolangMigrate).Files
        $null = Invoke-Migration -Path $Folder -Database $Db -Count 2
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'finds nothing when the schema is what the migrations build, and a column added by hand when there is one' {
        Test-MigrationDrift -Path $Folder -Database $Db | Should -BeNullOrEmpty
        Test-MigrationDrift -Database $Db | Should -BeNullOrEmpty -Because 'the journal keeps the up scripts that ran'

        $null = Invoke-TestSql -Url $Db -Sql 'ALTER TABLE users ADD COLUMN nickname VARCHAR(20);'
        $drift = Test-MigrationDrift -Path $Folder -Database $Db
        $drift | Should -Not -BeNullOrEmpty
        ($drift | Where-Object Name -eq 'users.nickname').Change | Should -Be 'Added'
        { Test-MigrationDrift -Path $Folder -Database $Db -Strict -ErrorAction Stop } | Should -Throw -ErrorId 'SchemaDrift*'
    }

    It 'leaves no scratch database behind' {
        $null = Test-MigrationDrift -Path $Folder -Database $Db
        if ($Provider -eq 'Sqlite') {
            Get-ChildItem ([IO.Path]::GetTempPath()) -Filter 'rbt_drift_*.db*' | Should -BeNullOrEmpty
        }
        else {
            $list = if ($Provider -eq 'PostgreSql') { "SELECT datname FROM pg_database WHERE datname LIKE '%rbt_drift%';" } else { "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE '%rbt_drift%';" }
            Invoke-TestSql -Url $Db -Sql $list | Should -BeNullOrEmpty
        }
    }

    It 'Import-MigrationHistory -Verify reports drift after importing' {
        $other = New-TestDatabase $Provider
        try {
            $null = Initialize-ToolHistory -Tool GolangMigrate -Provider $Provider -Db $other -Folder $Folder
            $null = Invoke-TestSql -Url $other -Sql 'ALTER TABLE widgets ADD COLUMN colour VARCHAR(20);'
            $err = $null
            $out = Import-MigrationHistory -Path $Folder -Database $other -From GolangMigrate -Verify -ErrorVariable err -ErrorAction SilentlyContinue
            ($out | Where-Object { $_.PSObject.TypeNames[0] -eq 'RollbackTools.SchemaDifference' }).Name | Should -Contain 'widgets.colour'
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SchemaDrift*'
            (Get-Migration -Path $Folder -Database $other).State | Should -Be @('Applied', 'Applied', 'Pending') -Because 'the import itself stands'
        }
        finally {
            Remove-TestDatabase $other
        }
    }
}
