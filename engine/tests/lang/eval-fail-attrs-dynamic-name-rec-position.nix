# check-position
rec { ${true} = 0; }
