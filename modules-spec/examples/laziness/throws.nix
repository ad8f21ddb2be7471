throw "never forced"
