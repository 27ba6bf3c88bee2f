"""groupformer: peer consultation groups that can actually meet.

The library comes first; the command line is one client of it:

    signups = load_signups(path_bytes)      # validate (raises InputError with every problem)
    solution = solve(signups)               # compile → search → result
    report = evaluate(signups, solution)    # the independent judge
"""
