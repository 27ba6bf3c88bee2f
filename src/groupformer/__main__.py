from groupformer.cli import run

run()
