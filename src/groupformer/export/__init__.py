"""`groupformer export`: turn a solution into what the coordinator sends out and reads.

Calendar files (`ics`), a roster spreadsheet (`roster`) and one self-contained report page (`html_report`),
each a pure function from the sign-ups and the solution to text; `bundle` renders all that were asked for
before anything is written, and the command line writes them.
"""
