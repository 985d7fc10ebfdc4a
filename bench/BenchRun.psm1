# Paired timing for the benchmarks: a floor and a subject timed in turn, several times, each ratio kept,
# and a run thrown away when a process outside the benchmark (not it, its children, or the database
# servers) used the processor meanwhile. Only clean runs are reported; too few is a refusal.

$script:ClockTicks = 100
if ($IsLinux) {
    $ticks = & getconf CLK_TCK 2>$null
    if ($ticks -match '^\d+$') { $script:ClockTicks = [int] $ticks }
}

# The servers' own processes count as part of what is measured: the work runs there too.
$script:MeasuredNames = @('postgres', 'mariadbd', 'mysqld', 'psql', 'mariadb', 'mysql', 'pg_dump', 'mariadb-dump', 'sh', 'bash', 'dotnet', 'pwsh')

function Read-ProcessTicks {
    # pid -> [ppid, name, cpu ticks] for every process /proc shows; empty where there is no /proc.
    $table = @{}
    if (-not $IsLinux) { return $table }
    foreach ($dir in [IO.Directory]::EnumerateDirectories('/proc')) {
        $leaf = [IO.Path]::GetFileName($dir)
        if ($leaf -notmatch '^\d+$') { continue }
        try { $stat = [IO.File]::ReadAllText("$dir/stat") } catch { continue }
        # The name sits in parentheses and may hold spaces: the fields after the last ')' are fixed.
        $close = $stat.LastIndexOf(')')
        $name = $stat.Substring($stat.IndexOf('(') + 1, $close - $stat.IndexOf('(') - 1)
        $fields = $stat.Substring($close + 2).Split(' ')
        $table[[int] $leaf] = [pscustomobject]@{ Parent = [int] $fields[1]; Name = $name; Ticks = [long] $fields[11] + [long] $fields[12] }
    }
    $table
}

function Get-ForeignCpuSeconds {
    # Processor time used between two snapshots by processes that are not this one, its descendants, or a measured name.
    param([hashtable] $Before, [hashtable] $After)
    $ours = [Collections.Generic.HashSet[int]]::new()
    $null = $ours.Add($PID)
    $grew = $true
    while ($grew) {
        $grew = $false
        foreach ($entry in $After.GetEnumerator()) {
            if (-not $ours.Contains($entry.Key) -and $ours.Contains($entry.Value.Parent)) { $null = $ours.Add($entry.Key); $grew = $true }
        }
    }
    $foreign = 0L
    foreach ($entry in $After.GetEnumerator()) {
        if ($ours.Contains($entry.Key) -or $script:MeasuredNames -contains $entry.Value.Name) { continue }
        $was = if ($Before.ContainsKey($entry.Key)) { $Before[$entry.Key].Ticks } else { 0 }
        $foreign += [math]::Max(0, $entry.Value.Ticks - $was)
    }
    $foreign / $script:ClockTicks
}

function Measure-Trial {
    <#
    .SYNOPSIS
    Runs -Trial -Runs times. A trial returns, per phase, the floor's and the subject's milliseconds
    (@{ 'PG up' = @(floor, subject) }); one row per phase comes back with the ratio's min, median and max
    over the trials no other process disturbed, or a refusal when too few were clean.
    #>
    param(
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [scriptblock] $Trial,
        [int] $Runs = 3,
        # A trial is thrown away when outside processes used more than this share of one core meanwhile.
        [double] $Disturbance = 0.10
    )
    $kept = [Collections.Generic.List[System.Collections.IDictionary]]::new()
    $thrownAway = 0
    $attempts = 0
    while ($kept.Count -lt $Runs -and $attempts -lt 3 * $Runs) {
        $attempts++
        $before = Read-ProcessTicks
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $timings = & $Trial
        $window = $clock.Elapsed.TotalSeconds
        $foreign = Get-ForeignCpuSeconds -Before $before -After (Read-ProcessTicks)
        if ($foreign -gt $Disturbance * $window) {
            $thrownAway++
            Write-Warning ("{0}: a run was disturbed ({1:n2} s of processor time elsewhere in {2:n1} s); measuring it again." -f $Name, $foreign, $window)
            continue
        }
        $kept.Add($timings)
    }

    $phases = if ($kept.Count) { @($kept[0].Keys) } else { @() }
    foreach ($phase in $phases) {
        $floors = @($kept | ForEach-Object { $_[$phase][0] })
        $subjects = @($kept | ForEach-Object { $_[$phase][1] })
        $ratios = @(for ($i = 0; $i -lt $kept.Count; $i++) { $subjects[$i] / $floors[$i] }) | Sort-Object
        [pscustomobject]@{
            Benchmark      = $Name
            Phase          = $phase
            'Floor (ms)'   = [math]::Round((Get-Median $floors))
            'Subject (ms)' = [math]::Round((Get-Median $subjects))
            'Ratio min'    = [math]::Round($ratios[0], 2)
            'Ratio median' = [math]::Round((Get-Median $ratios), 2)
            'Ratio max'    = [math]::Round($ratios[-1], 2)
            Runs           = $kept.Count
            Disturbed      = $thrownAway
        }
    }
    if ($kept.Count -lt $Runs) {
        Write-Error -ErrorId 'BenchmarkDisturbed' -Message "$Name`: only $($kept.Count) of $Runs runs were undisturbed after $attempts tries; not reporting it. Stop what else runs on the machine and measure again."
    }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count -eq 0) { return $null }
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

function Measure-Milliseconds([scriptblock] $Work) { (Measure-Command $Work).TotalMilliseconds }

Export-ModuleMember -Function Measure-Trial, Measure-Milliseconds, Get-Median, Read-ProcessTicks, Get-ForeignCpuSeconds
