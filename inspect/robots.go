package inspect

// RobotsVerdict is what a host's robots.txt says of one URL for the
// crawler of the walk.
type RobotsVerdict struct {
	Allowed bool
	// Token is the group the rules were taken from ("googlebot", "*").
	Token string
	// Rule is the deciding line as written ("Disallow: /private"), Line
	// its line in the file; "" when no rule matched or the file was not
	// read (Note says why).
	Rule string
	Line int
	// RobotsURL is the robots.txt asked for; Note what a crawler makes of
	// one it could not read ("answered 503: disallow all").
	RobotsURL string
	Note      string
}
