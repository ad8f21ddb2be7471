throw "something went wrong"
