# Every example runbook, run as the seed's rollback test does: apply, verify the up state, roll back,
# verify the rolled-back state, on PostgreSQL, MariaDB and SQLite.

BeforeDiscovery {
    $script:Providers = @(
        @{ Provider = 'PostgreSql'; Transactional = $true }
        @{ Provider = 'MySql'; Transactional = $false }
        @{ Provider = 'Sqlite'; Transactional = $true }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:Runbooks = Join-Path $PSScriptRoot '../../examples/runbooks'

}

Describe 'Example runbooks on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $null = Invoke-TestSql -Url $Db -Sql "CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL); INSERT INTO customers VALUES (1, 'ann'), (2, 'bob');"
        $script:Before = Get-TestCustomerState $Db
        $script:Report = Join-Path ([IO.Path]::GetTempPath()) "rbt-incident-$([guid]::NewGuid().ToString('N').Substring(0, 8)).md"
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-Item $Report -ErrorAction Ignore
    }

    It 'Deploy-Release: backs up, checks, migrates and verifies; undoing it restores the state before' {
        $folder = New-TestMigrationFolder @{
            '1_tier.up.sql' = 'ALTER TABLE customers ADD COLUMN tier INTEGER;'; '1_tier.down.sql' = 'ALTER TABLE customers DROP COLUMN tier;'
            '2_vip.up.sql' = 'CREATE TABLE vip (id INTEGER PRIMARY KEY);'; '2_vip.down.sql' = 'DROP TABLE vip;'
        }
        $deployed = & (Join-Path $Runbooks 'Deploy-Release.ps1') -Path $folder -Database $Db -Table customers -WarningAction SilentlyContinue
        $deployed.Applied | Should -Be 2
        $deployed.Backups | Should -Be 1
        (Get-Migration -Path $folder -Database $Db).State | Should -Be @('Applied', 'Applied')

        $undone = Undo-Migration -Database $Db -All -Verify -Confirm:$false
        $undone.SchemaVerified | Should -Be @($true, $true)
        Get-MigrationBackup -Database $Db | Remove-MigrationBackup -Confirm:$false
        Get-TestCustomerState $Db | ForEach-Object { $_.Schema | Should -Be $Before.Schema; $_.Rows | Should -Be $Before.Rows }
        Remove-Item -Recurse -Force $folder
    }

    It 'Rollback-PartialFailure: takes the whole release back' {
        $folder = New-TestMigrationFolder @{
            '1_vip.up.sql' = 'CREATE TABLE vip (id INTEGER PRIMARY KEY);'; '1_vip.down.sql' = 'DROP TABLE vip;'
            '2_bad.up.sql' = "CREATE TABLE bad (id INTEGER);`nINSERT INTO no_such_table VALUES (1);"; '2_bad.down.sql' = 'DROP TABLE bad;'
        }
        $run = Invoke-Migration -Path $folder -Database $Db -ErrorAction SilentlyContinue
        Get-TestTableNames $Db | Should -Contain 'vip'

        $outcome = $run | & (Join-Path $Runbooks 'Rollback-PartialFailure.ps1') -Database $Db -ReportPath $Report -Confirm:$false -WarningAction SilentlyContinue
        $outcome.Branch | Should -Be 'PartialFailure'
        (Get-TestCustomerState $Db).Schema | Should -Be $Before.Schema
        Get-Content -Raw $Report | Should -Match 'bad'
        Remove-Item -Recurse -Force $folder
    }

    It 'Rollback-SchemaIncomplete: undoes a half-applied migration (MariaDB) or finds it rolled back; the wrong runbook refuses' {
        $folder = New-TestMigrationFolder @{ '1_bad.up.sql' = "CREATE TABLE bad (id INTEGER);`nINSERT INTO no_such_table VALUES (1);"; '1_bad.down.sql' = 'DROP TABLE bad;' }
        $run = Invoke-Migration -Path $folder -Database $Db -ErrorAction SilentlyContinue
        if ($Transactional) {
            $outcome = $run | & (Join-Path $Runbooks 'Rollback-SchemaIncomplete.ps1') -Database $Db -Confirm:$false
            $outcome.Branch | Should -Be 'SchemaIncomplete'
            $outcome.Steps | Should -BeNullOrEmpty -Because 'the failed migration rolled back with its transaction'
            { $run | & (Join-Path $Runbooks 'Rollback-DataCorruption.ps1') -Database $Db -Confirm:$false } | Should -Throw '*points to SchemaIncomplete*'
        }
        else {
            Get-TestTableNames $Db | Should -Contain 'bad'
            $outcome = $run | & (Join-Path $Runbooks 'Rollback-SchemaIncomplete.ps1') -Database $Db -Confirm:$false -WarningAction SilentlyContinue
            $outcome.Steps.Kind | Should -Be 'ForceUndoMigration'
        }
        (Get-TestCustomerState $Db).Schema | Should -Be $Before.Schema
        Remove-Item -Recurse -Force $folder
    }

    It 'Rollback-DataCorruption: restores the damaged table from its backup' {
        $null = New-MigrationBackup -Database $Db -Table customers
        $folder = New-TestMigrationFolder @{ '1_oops.up.sql' = "UPDATE customers SET name = 'oops';"; '1_oops.down.sql' = 'SELECT 1;' }
        $run = Invoke-Migration -Path $folder -Database $Db
        (Get-TestCustomerState $Db).Rows | Should -Not -Be $Before.Rows

        $null = $run | & (Join-Path $Runbooks 'Rollback-DataCorruption.ps1') -Database $Db -Confirm:$false
        (Get-TestCustomerState $Db).Rows | Should -Be $Before.Rows
        Remove-Item -Recurse -Force $folder
    }

    It 'Rollback-PerformanceDegradation: drops the indexes the release created' {
        $folder = New-TestMigrationFolder @{ '1_index.up.sql' = 'CREATE INDEX ix_customers_name ON customers (name);'; '1_index.down.sql' = 'SELECT 1;' }
        $run = Invoke-Migration -Path $folder -Database $Db
        (Get-TestCustomerState $Db).Schema | Should -Not -Be $Before.Schema

        $null = $run | & (Join-Path $Runbooks 'Rollback-PerformanceDegradation.ps1') -Database $Db -Confirm:$false
        (Get-TestCustomerState $Db).Schema | Should -Be $Before.Schema
        Remove-Item -Recurse -Force $folder
    }

    It 'Rollback-ApplicationErrors: rolls the application back, then the schema' {
        $folder = New-TestMigrationFolder @{ '1_tier.up.sql' = 'ALTER TABLE customers ADD COLUMN tier INTEGER;'; '1_tier.down.sql' = 'ALTER TABLE customers DROP COLUMN tier;' }
        $run = Invoke-Migration -Path $folder -Database $Db
        $marker = Join-Path $folder 'app-rolled-back'

        $outcome = $run | & (Join-Path $Runbooks 'Rollback-ApplicationErrors.ps1') -Database $Db -ApplicationRollback ([scriptblock]::Create("New-Item -ItemType File -Path '$marker' | Out-Null")) -Confirm:$false
        $outcome.Steps.Kind | Should -Be @('ApplicationRollback', 'UndoMigration')
        $marker | Should -Exist
        (Get-TestCustomerState $Db).Schema | Should -Be $Before.Schema
        Remove-Item -Recurse -Force $folder
    }
}
