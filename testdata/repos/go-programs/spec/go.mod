module example.com/shop/spec

go 1.24

require github.com/getkin/kin-openapi v0.128.0
