using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace RollbackTools.Engine.Runbooks
{
    /// <summary>A weekly window as operators write it: "Sat 02:00-04:00", "Sat,Sun 22:00-02:00", or "02:00-04:00" for every day.</summary>
    internal sealed class MaintenanceWindow
    {
        private static readonly Regex Pattern = new Regex(@"^\s*(?:(?<days>[A-Za-z]{3}(?:\s*,\s*[A-Za-z]{3})*)\s+)?(?<from>\d{1,2}:\d{2})\s*-\s*(?<to>\d{1,2}:\d{2})\s*$", RegexOptions.CultureInvariant);
        private readonly DayOfWeek[] days;
        private readonly TimeSpan from;
        private readonly TimeSpan to;

        private MaintenanceWindow(DayOfWeek[] days, TimeSpan from, TimeSpan to)
        {
            this.days = days;
            this.from = from;
            this.to = to;
        }

        public static MaintenanceWindow Parse(string text)
        {
            Match match = Pattern.Match(text);
            if (!match.Success)
            {
                throw new RollbackToolsException(ErrorIds.InvalidMaintenanceWindow, FailureCategory.InvalidArgument, $"'{text}' is not a maintenance window: write it like 'Sat 02:00-04:00', 'Sat,Sun 22:00-02:00' or '02:00-04:00'.", text);
            }

            DayOfWeek[] days = match.Groups["days"].Success
                ? match.Groups["days"].Value.Split(',').Select(d => Day(d.Trim(), text)).ToArray()
                : Enum.GetValues<DayOfWeek>();
            return new MaintenanceWindow(days, TimeSpan.Parse(match.Groups["from"].Value, CultureInfo.InvariantCulture), TimeSpan.Parse(match.Groups["to"].Value, CultureInfo.InvariantCulture));
        }

        /// <summary>Whether <paramref name="now"/> (local time) falls in the window; a window past midnight belongs to the day it starts on.</summary>
        public bool Contains(DateTime now)
        {
            TimeSpan time = now.TimeOfDay;
            if (from <= to)
            {
                return days.Contains(now.DayOfWeek) && time >= from && time < to;
            }

            return (days.Contains(now.DayOfWeek) && time >= from) || (days.Contains(now.AddDays(-1).DayOfWeek) && time < to);
        }

        private static DayOfWeek Day(string abbreviation, string text)
        {
            foreach (DayOfWeek day in Enum.GetValues<DayOfWeek>())
            {
                if (day.ToString().StartsWith(abbreviation, StringComparison.OrdinalIgnoreCase))
                {
                    return day;
                }
            }

            throw new RollbackToolsException(ErrorIds.InvalidMaintenanceWindow, FailureCategory.InvalidArgument, $"'{abbreviation}' in '{text}' is not a day: use Mon, Tue, Wed, Thu, Fri, Sat or Sun.", text);
        }
    }
}
