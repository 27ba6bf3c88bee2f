from groupformer.cli import main

main()
