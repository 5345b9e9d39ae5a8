const express = require('express'); express().listen(8080);
