package cli

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hops-cli/hops/check"
	"github.com/hops-cli/hops/diff"
	"github.com/hops-cli/hops/render"
)

// baseline compares each row of a check, as it finishes, with the same
// row (source and method) of an earlier `hops check --json` run, the way
// hops diff does: the earlier run is indexed on disk, this one streams.
type baseline struct {
	ix   *diff.Index
	meta render.Meta
	sum  check.BaselineSummary
	err  error
}

func openBaseline(path string, meta render.Meta) (*baseline, error) {
	ix, err := diff.NewIndex(path)
	if err != nil {
		var ie *diff.InputError
		if errors.As(err, &ie) {
			return nil, usagef("--baseline: %w", err)
		}
		var fe *diff.FileError
		if errors.As(err, &fe) {
			return nil, fileErrorf("--baseline: %w", unwrapPathError(fe.Err))
		}
		return nil, fileErrorf("--baseline: %w", err)
	}
	return &baseline{ix: ix, meta: meta}, nil
}

// judge sets res.Baseline. The row's facts come from its own JSON line, so
// they are the ones a saved run would hold.
func (b *baseline) judge(res *check.Result) {
	line, err := json.Marshal(render.NewCheckRow(*res, b.meta))
	if err != nil {
		b.fail(fmt.Errorf("baseline: encode row %d: %w", res.Row.N, err))
		return
	}
	facts, err := diff.ParseRow(line)
	if err != nil {
		b.fail(fmt.Errorf("baseline: row %d: %w", res.Row.N, err))
		return
	}
	old, ok, err := b.ix.Take(facts.Source, facts.Method)
	if err != nil {
		b.fail(fmt.Errorf("baseline: %w", err))
		return
	}
	row := diff.OnlyNew(facts)
	if ok {
		row = diff.Compare(old, facts)
	}
	res.Baseline = &row
	b.sum.Count(row.Class)
	if row.Class == diff.ClassRegression && res.Verdict == check.OK {
		b.sum.RegressedOK++
	}
}

func (b *baseline) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// finish counts the baseline's rows this run did not have. An interrupted
// run did not get to them all, so they are left out then.
func (b *baseline) finish(interrupted bool) (*check.BaselineSummary, error) {
	defer b.ix.Close()
	if !interrupted {
		err := b.ix.Rest(func(f diff.Facts) error {
			b.sum.Count(diff.OnlyOld(f).Class)
			b.sum.OnlyInBaseline++
			return nil
		})
		if err != nil {
			b.fail(fmt.Errorf("baseline: %w", err))
		}
	}
	return &b.sum, b.err
}
