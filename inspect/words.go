package inspect

import "strconv"

// Duration writes seconds the way people say them: "1 year", "5 minutes",
// rounding down to the largest unit that still reads naturally.
func Duration(secs int64) string {
	if secs >= 1<<33 {
		return "ever"
	}
	units := []struct {
		n    int64
		name string
	}{{31536000, "year"}, {86400, "day"}, {3600, "hour"}, {60, "minute"}}
	for _, u := range units {
		if n := secs / u.n; n >= 1 && (secs%u.n == 0 || n >= 2) {
			if n == 1 {
				return "1 " + u.name
			}
			return strconv.FormatInt(n, 10) + " " + u.name + "s"
		}
	}
	if secs == 1 {
		return "1 second"
	}
	return strconv.FormatInt(secs, 10) + " seconds"
}
