package header

import (
	"net/http"
	"strings"
)

// Link returns the target of the first Link header entry with the
// given rel, or "".
func Link(h http.Header, rel string) string {
	for _, v := range h.Values("Link") {
		for _, part := range strings.Split(v, ",") {
			target, params, ok := strings.Cut(part, ";")
			if !ok {
				continue
			}
			for _, p := range strings.Split(params, ";") {
				k, val, _ := strings.Cut(strings.TrimSpace(p), "=")
				if strings.EqualFold(k, "rel") {
					for _, r := range strings.Fields(strings.Trim(val, `"`)) {
						if strings.EqualFold(r, rel) {
							return strings.Trim(strings.TrimSpace(target), "<>")
						}
					}
				}
			}
		}
	}
	return ""
}
