// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

/// @title SeasonCalendar
/// @notice UTC calendar arithmetic for yearly activation windows written as month-and-day numbers (`MMDD`: 501 is
/// May 1, 1231 is December 31). Comparing two MMDD numbers compares their dates within a year, so a window is a
/// pair of them: opens (inclusive) and closes (exclusive); a window whose close is before its open runs over the
/// new year (1101 -> 301 is November to February).
/// @dev Conversions follow Howard Hinnant's `civil_from_days` / `days_from_civil` (proleptic Gregorian), restricted
/// to timestamps from 1970, so every intermediate value is a non-negative integer.
library SeasonCalendar {
    uint256 internal constant DAY = 86_400;
    // Days from 0000-03-01 to 1970-01-01 in Hinnant's era arithmetic.
    uint256 private constant EPOCH_SHIFT = 719_468;

    /// @notice Whether `mmdd` names a day every year has (February 29 does not: a window must exist every year).
    function isValidMonthDay(uint256 mmdd) internal pure returns (bool) {
        uint256 month = mmdd / 100;
        uint256 day = mmdd % 100;
        if (month < 1 || month > 12 || day < 1) return false;
        return day <= _daysInMonth(month);
    }

    /// @notice The UTC year and MMDD of `timestamp`.
    function monthDay(uint256 timestamp) internal pure returns (uint256 year, uint256 mmdd) {
        uint256 z = timestamp / DAY + EPOCH_SHIFT;
        uint256 era = z / 146_097;
        uint256 doe = z - era * 146_097;
        uint256 yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        uint256 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        uint256 mp = (5 * doy + 2) / 153;
        uint256 day = doy - (153 * mp + 2) / 5 + 1;
        uint256 month = mp < 10 ? mp + 3 : mp - 9;
        year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        mmdd = month * 100 + day;
    }

    /// @notice 00:00 UTC of day `mmdd` of `year` (year >= 1970).
    function timestampOf(uint256 year, uint256 mmdd) internal pure returns (uint256) {
        uint256 month = mmdd / 100;
        uint256 day = mmdd % 100;
        uint256 y = month <= 2 ? year - 1 : year;
        uint256 era = y / 400;
        uint256 yoe = y - era * 400;
        uint256 doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        uint256 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return (era * 146_097 + doe - EPOCH_SHIFT) * DAY;
    }

    /// @notice If `timestamp` falls inside the yearly window [opens, closes), the timestamp at which that occurrence
    /// of the window closes; otherwise 0.
    function closingOf(uint256 opens, uint256 closes, uint256 timestamp) internal pure returns (uint256) {
        (uint256 year, uint256 today) = monthDay(timestamp);
        if (opens < closes) {
            return today >= opens && today < closes ? timestampOf(year, closes) : 0;
        }
        if (today >= opens) return timestampOf(year + 1, closes);
        if (today < closes) return timestampOf(year, closes);
        return 0;
    }

    function _daysInMonth(uint256 month) private pure returns (uint256) {
        if (month == 2) return 28;
        if (month == 4 || month == 6 || month == 9 || month == 11) return 30;
        return 31;
    }
}
