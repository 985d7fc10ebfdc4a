# Runbooks for tested rollbacks on PostgreSQL, MariaDB and SQLite: the whole schema judges a down script.

BeforeDiscovery {
    $script:Providers = @(
        @{ Provider = 'PostgreSql'; Transactional = $true }
        @{ Provider = 'MySql'; Transactional = $false }
        @{ Provider = 'Sqlite'; Transactional = $true }
    )
    # Each down script recreates the table but forgets one thing; the test must name exactly that thing.
    $script:Forgotten = @(
        @{ Feature = 'an index'; Kind = 'Index'; Name = 't.ix_t_code'; Replace = 'CREATE INDEX ix_t_code ON t (code);'; With = '' }
        @{ Feature = 'a default'; Kind = 'Column'; Name = 't.code'; Replace = "NOT NULL DEFAULT 'x'"; With = 'NOT NULL' }
        @{ Feature = 'a NOT NULL'; Kind = 'Column'; Name = 't.code'; Replace = "NOT NULL DEFAULT 'x'"; With = "DEFAULT 'x'" }
        @{ Feature = 'a check constraint'; Kind = 'Check'; Name = 't.ck_t_qty'; Replace = ', CONSTRAINT ck_t_qty CHECK (qty >= 0)'; With = '' }
        @{ Feature = 'a foreign key'; Kind = 'ForeignKey'; Name = '*'; Replace = ', CONSTRAINT fk_t_parent FOREIGN KEY (parent_id) REFERENCES parent (id)'; With = '' }
        @{ Feature = 'a view'; Kind = 'View'; Name = 'v_t'; Replace = 'CREATE VIEW v_t AS SELECT id, code FROM t;'; With = '' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    $script:CreateT = "CREATE TABLE t (id INTEGER PRIMARY KEY, code VARCHAR(10) NOT NULL DEFAULT 'x', qty INTEGER, parent_id INTEGER, CONSTRAINT ck_t_qty CHECK (qty >= 0), CONSTRAINT fk_t_parent FOREIGN KEY (parent_id) REFERENCES parent (id));`nCREATE INDEX ix_t_code ON t (code);`nCREATE VIEW v_t AS SELECT id, code FROM t;`n"

    function script:New-RollbackFolder {
        # Migration 1 builds the schema; migration 2 reshapes t, and its down script is $Down.
        param([string] $Down)
        New-TestMigrationFolder @{
            '1_base.up.sql'     = "CREATE TABLE parent (id INTEGER PRIMARY KEY);`n$CreateT"
            '1_base.down.sql'   = "DROP VIEW v_t;`nDROP TABLE t;`nDROP TABLE parent;`n"
            '2_reshape.up.sql'  = "DROP VIEW v_t;`nDROP TABLE t;`nCREATE TABLE t (id INTEGER PRIMARY KEY, code VARCHAR(20));`n"
            '2_reshape.down.sql' = "DROP TABLE t;`n$Down"
        }
    }
}

Describe 'Rollback tests on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
    }

    AfterEach {
        Remove-TestDatabase $Db
    }

    It 'a correct pair passes, is recorded, and leaves the database as it was' {
        $folder = New-RollbackFolder -Down $CreateT
        $before = Get-TestSchema $Db

        $results = Test-MigrationRollback -Path $folder -Database $Db -Confirm:$false
        $results.Passed | Should -Be @($true, $true)
        $results.Version.ForEach({ $_.ToString() }) | Should -Be @('1', '2')
        Get-TestSchema $Db | Should -Be $before
        (Get-Migration -Path $folder -Database $Db).State | Should -Be @('Pending', 'Pending')
        (Invoke-TestSql -Url $Db -Sql 'SELECT count(*) FROM rollbacktools_migrations_tests;') | Should -Be '2'
        Remove-Item -Recurse -Force $folder
    }

    It 'a down that forgets <Feature> fails with exactly that difference' -ForEach $Forgotten {
        $folder = New-RollbackFolder -Down $CreateT.Replace($Replace, $With)

        $results = Test-MigrationRollback -Path $folder -Database $Db -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $results[0].Passed | Should -BeTrue
        $failed = $results[1]
        $failed.Passed | Should -BeFalse
        $failed.FailedAt | Should -Be 'RollbackDiffers'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RollbackTestFailed*'
        $match = $failed.Differences | Where-Object { $_.Kind -eq $Kind -and $_.Name -like $Name -and $_.Change -in 'Removed', 'Changed' }
        $match | Should -Not -BeNullOrEmpty -Because ($failed.Differences -join "`n")
        Remove-Item -Recurse -Force $folder
    }

    It '-InTransaction leaves schema and data exactly as before (PostgreSQL, SQLite); MariaDB refuses it' {
        $folder = New-RollbackFolder -Down $CreateT
        $null = Invoke-Migration -Path $folder -Database $Db -Count 1
        $null = Invoke-TestSql -Url $Db -Sql "INSERT INTO parent VALUES (1); INSERT INTO t (id, code, qty, parent_id) VALUES (1, 'a', 5, 1);"
        $schema = Get-TestSchema $Db
        $rows = Invoke-TestSql -Url $Db -Sql 'SELECT id, code, qty, parent_id FROM t;'

        if ($Transactional) {
            $result = Test-MigrationRollback -Path $folder -Database $Db -InTransaction -Confirm:$false
            $result.Passed | Should -BeTrue
            Get-TestSchema $Db | Should -Be $schema
            Invoke-TestSql -Url $Db -Sql 'SELECT id, code, qty, parent_id FROM t;' | Should -Be $rows
            (Get-Migration -Path $folder -Database $Db).State | Should -Be @('Applied', 'Pending')
        }
        else {
            { Test-MigrationRollback -Path $folder -Database $Db -InTransaction -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'NotSupported*'
            { Test-MigrationRollback -Path $folder -Database $Db -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'DatabaseHasData*'
            (Test-MigrationRollback -Path $folder -Database $Db -Force -Confirm:$false).Passed | Should -BeTrue
        }
        Remove-Item -Recurse -Force $folder
    }

    It 'Invoke-Migration -Verify keeps the schema before; Undo-Migration -Verify checks the undo against it' {
        $good = New-RollbackFolder -Down $CreateT
        $null = Invoke-Migration -Path $good -Database $Db -Verify
        $undone = Undo-Migration -Database $Db -Verify -Confirm:$false
        $undone.SchemaVerified | Should -BeTrue
        $undone.Differences | Should -BeNullOrEmpty

        $careless = New-RollbackFolder -Down $CreateT.Replace('CREATE INDEX ix_t_code ON t (code);', '')
        $null = Invoke-Migration -Path $careless -Database $Db -Verify -AllowModified -WarningAction SilentlyContinue
        $undone = Undo-Migration -Database $Db -Verify -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        $undone.Status | Should -Be 'Succeeded'
        $undone.SchemaVerified | Should -BeFalse
        ($undone.Differences | Where-Object { $_.Kind -eq 'Index' -and $_.Name -eq 't.ix_t_code' }).Change | Should -Be 'Removed'
        "$warnings" | Should -Match 'ix_t_code'
        Remove-Item -Recurse -Force $good, $careless
    }

    It 'a snapshot written to JSON reads back equal; the fingerprint is stable and changes with any one change' {
        $null = Invoke-Migration -Path (Join-Path $PSScriptRoot '../../examples/migrations') -Database $Db
        $file = Join-Path ([IO.Path]::GetTempPath()) "rbt-schema-$([guid]::NewGuid().ToString('N').Substring(0, 8)).json"
        $first = Get-MigrationSchema -Database $Db -OutFile $file
        $second = Get-MigrationSchema -Database $Db
        $fromFile = Get-MigrationSchema -FromFile $file

        $second.Fingerprint | Should -Be $first.Fingerprint
        $fromFile.Fingerprint | Should -Be $first.Fingerprint
        Compare-MigrationSchema -Reference $first -Difference $fromFile | Should -BeNullOrEmpty
        $first.Objects | Where-Object Name -like 'rollbacktools*' | Should -BeNullOrEmpty

        $null = Invoke-TestSql -Url $Db -Sql 'CREATE INDEX ix_orders_total ON orders (total);'
        $changed = Get-MigrationSchema -Database $Db
        $changed.Fingerprint | Should -Not -Be $first.Fingerprint
        $difference = Compare-MigrationSchema -Reference $first -Difference $changed
        @($difference | Where-Object { $_.Kind -eq 'Index' -and $_.Change -eq 'Added' }).Count | Should -Be 1
        Remove-Item $file
    }
}
