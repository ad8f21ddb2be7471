let x = "sub"; in ./${x}/file == ./sub/file
