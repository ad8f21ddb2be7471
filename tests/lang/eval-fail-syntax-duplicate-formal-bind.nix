args@{ args }: args
