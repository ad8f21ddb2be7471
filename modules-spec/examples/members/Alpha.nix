"alpha"
