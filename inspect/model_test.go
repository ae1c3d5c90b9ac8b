package inspect

import (
	"net/http"
	"testing"
)

// TestPermanence: Permanence and Permanent say the same of each status.
func TestPermanence(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status       int
		header       http.Header
		location     []string
		permanent    bool
		ok           bool
		permanentPtr string // "true", "false" or "nil"
	}{
		{301, nil, []string{"/b"}, true, true, "true"},
		{308, nil, []string{"/b"}, true, true, "true"},
		{302, nil, []string{"/b"}, false, true, "false"},
		{303, nil, []string{"/b"}, false, true, "false"},
		{307, nil, []string{"/b"}, false, true, "false"},
		{200, nil, nil, false, false, "nil"},
		{300, nil, []string{"/b"}, false, false, "nil"},
		{308, http.Header{"Range": {"bytes=0-99"}}, nil, false, false, "nil"},
	}
	for _, tc := range cases {
		h := Hop{Status: tc.status, Header: tc.header, Location: tc.location}
		if h.Header == nil {
			h.Header = http.Header{}
		}
		p, ok := h.Permanence()
		ptr := "nil"
		if q := h.Permanent(); q != nil && *q {
			ptr = "true"
		} else if q != nil {
			ptr = "false"
		}
		if p != tc.permanent || ok != tc.ok || ptr != tc.permanentPtr {
			t.Errorf("%d %v: Permanence %v, %v, Permanent %s; want %v, %v, %s", tc.status, tc.header, p, ok, ptr, tc.permanent, tc.ok, tc.permanentPtr)
		}
	}
}

func TestDuration(t *testing.T) {
	t.Parallel()
	cases := []struct {
		secs int64
		want string
	}{
		{-5, "-5 seconds"}, {0, "0 seconds"}, {1, "1 second"}, {59, "59 seconds"}, {60, "1 minute"},
		{90, "90 seconds"}, {120, "2 minutes"}, {3600, "1 hour"}, {5400, "90 minutes"},
		{172800, "2 days"}, {31536000, "1 year"}, {94608000, "3 years"}, {1 << 33, "ever"},
	}
	for _, tc := range cases {
		if got := Duration(tc.secs); got != tc.want {
			t.Errorf("Duration(%d) = %q; want %q", tc.secs, got, tc.want)
		}
	}
}
