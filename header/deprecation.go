package header

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ParseDeprecation reads a Deprecation value: a zero time for "true", the
// date of "@seconds" or of an HTTP date; ok is false for anything else.
func ParseDeprecation(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if strings.EqualFold(v, "true") {
		return time.Time{}, true
	}
	if rest, ok := strings.CutPrefix(v, "@"); ok {
		secs, err := strconv.ParseInt(rest, 10, 64)
		if err != nil || secs < -62135596800 || secs > 253402300799 {
			return time.Time{}, false
		}
		return time.Unix(secs, 0).UTC(), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return t, true
	}
	return time.Time{}, false
}
