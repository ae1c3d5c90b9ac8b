// Package inspect owns the model of a redirect chain and the walk that
// produces it: it builds each hop's request by the WHATWG Fetch rules, sends
// it with one round trip (never letting net/http follow on its own),
// resolves Location as browsers do (WHATWG URL), and records what came back.
// Analyze turns a walked Chain into findings; it is a pure function.
//
// The package never prints, never reads the environment and never exits;
// presentation belongs to package render and the command line to main.
//
// The rules and where they come from:
//   - method and body across a redirect: Fetch "HTTP-redirect fetch" step 6;
//   - Location: Fetch "location URL" (one value, WHATWG URL parsing, fragment
//     inheritance as in RFC 9110 §10.2.2);
//   - the redirect limit of 20: Fetch step 3;
//   - credentials withheld from another origin: Fetch step 7 (sticky);
//   - HSTS: RFC 6797 §6.1 and §8.1; caching: RFC 9111 §4.2.
package inspect
